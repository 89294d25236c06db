package coop.dispatch.merchant.service;

import coop.dispatch.merchant.config.MerchantConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where webhooks may point: public http(s) endpoints only. Without this, a merchant could make the service POST to
 * its own network (the database's admin port, the cloud metadata service at 169.254.169.254, a sidecar on
 * localhost) — server-side request forgery.
 *
 * <p>A URL is checked when it is registered ({@link #check}), and its host is resolved and checked again before every
 * send ({@link #resolve}): a name can resolve to a public address today and to 127.0.0.1 tomorrow (DNS rebinding),
 * so the sender connects to the address checked here and never resolves the name itself. An address is refused if
 * it is loopback, private (RFC 1918, fc00::/7, fec0::/10), link-local (169.254/16 with the metadata service,
 * fe80::/10), unspecified (0/8, ::), CGNAT (100.64/10), multicast, reserved or broadcast (240/4), IETF protocol
 * assignments (192.0.0/24), benchmarking (198.18/15), or an IPv6 form that embeds one of those (IPv4-mapped,
 * IPv4-compatible, NAT64, 6to4). {@code coop.webhooks.allow-private-targets} lifts the address checks (not the scheme
 * and credential checks) for development and tests, whose receivers run on localhost.
 */
@ApplicationScoped
public class WebhookTargets {
    /** Resolves a host name to its addresses; {@link InetAddress#getAllByName} outside tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Why a webhook URL or the address its host resolves to is not allowed. */
    public static class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Hosts made of numbers, dots and hex that are not plain a.b.c.d, e.g. 2130706433, 0x7f.1, 0177.0.0.1. */
    private static final Pattern NUMERIC_HOST = Pattern.compile("(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]*))*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DOTTED_QUAD = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    private final boolean allowPrivate;
    private final Resolver resolver;

    @Inject
    public WebhookTargets(MerchantConfig.Webhooks config) {
        this(config.allowPrivateTargets(), InetAddress::getAllByName);
    }

    public WebhookTargets(boolean allowPrivate, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    /**
     * Checks a URL a merchant wants to register: absolute http(s), no credentials, and a host that is neither a
     * refused address nor a name resolving to one. A name that does not resolve (yet) is accepted: every send
     * checks again.
     */
    public URI check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refused("is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw new Refused("must be an absolute http(s) URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("must not carry credentials; verify the signature instead");
        }
        if (uri.getRawFragment() != null) {
            throw new Refused("must not have a #fragment");
        }
        String host = host(uri);
        if (!allowPrivate) {
            checkName(host);
            try {
                resolve(host);
            } catch (UnknownHostException e) {
                if (host.contains(":")) {
                    throw new Refused(host + " is not a valid IPv6 address");
                }
                // A name not resolvable now (DNS not set up yet, or no DNS here): the check before each send decides.
            }
        }
        return uri;
    }

    /**
     * Resolves the host of a registered URL and checks every address it resolves to; returns the one to connect to.
     * Called before every send, so a name that changed to a refused address since registration is caught.
     */
    public InetAddress resolve(URI uri) throws UnknownHostException {
        String host = host(uri);
        if (!allowPrivate) {
            checkName(host);
        }
        return resolve(host);
    }

    private InetAddress resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = resolver.resolve(host);
        if (addresses.length == 0) {
            throw new UnknownHostException(host);
        }
        if (!allowPrivate) {
            for (InetAddress address : addresses) {
                Optional<String> why = whyRefused(address);
                if (why.isPresent()) {
                    String literal = address.getHostAddress();
                    throw new Refused((literal.equals(host) ? literal : host + " resolves to " + literal) + ", "
                            + why.get() + "; webhooks may only reach public addresses");
                }
            }
        }
        return addresses[0];
    }

    /** The URI's host without the brackets of an IPv6 literal. */
    public static String host(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static void checkName(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.contains("%")) {
            throw new Refused(host + " names a network interface; webhooks may only reach public addresses");
        }
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            throw new Refused(host + " is this machine; webhooks may only reach public addresses");
        }
        // The JDK reads 2130706433 as 127.0.0.1 and 0177.0.0.1 as 177.0.0.1 where C resolvers read 127.0.0.1:
        // only the unambiguous form is accepted.
        if (NUMERIC_HOST.matcher(name).matches() && !DOTTED_QUAD.matcher(name).matches()) {
            throw new Refused(host + " is an ambiguous IPv4 address; write it as four decimal numbers a.b.c.d");
        }
    }

    /** Why an address may not be a webhook target, or empty if it is a public unicast address. */
    public static Optional<String> whyRefused(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return whyRefusedV4(b, 0);
        }
        if (address instanceof Inet6Address) {
            return whyRefusedV6(b);
        }
        return Optional.of("an address of unknown kind");
    }

    private static Optional<String> whyRefusedV4(byte[] bytes, int at) {
        int a = bytes[at] & 0xff;
        int b = bytes[at + 1] & 0xff;
        int c = bytes[at + 2] & 0xff;
        if (a == 0) {
            return Optional.of("an unspecified (\"this network\") address");
        }
        if (a == 127) {
            return Optional.of("a loopback address");
        }
        if (a == 10 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168)) {
            return Optional.of("a private address (RFC 1918)");
        }
        if (a == 169 && b == 254) {
            return Optional.of("a link-local address (such as the cloud metadata service 169.254.169.254)");
        }
        if (a == 100 && b >= 64 && b <= 127) {
            return Optional.of("a carrier-grade NAT address (100.64.0.0/10)");
        }
        if (a == 192 && b == 0 && c == 0) {
            return Optional.of("an IETF protocol address (192.0.0.0/24)");
        }
        if (a == 198 && (b == 18 || b == 19)) {
            return Optional.of("a benchmarking address (198.18.0.0/15)");
        }
        if (a >= 224 && a <= 239) {
            return Optional.of("a multicast address");
        }
        if (a >= 240) {
            return Optional.of("a reserved or broadcast address");
        }
        return Optional.empty();
    }

    private static Optional<String> whyRefusedV6(byte[] b) {
        boolean firstTenZero = true;
        for (int i = 0; i < 10; i++) {
            firstTenZero &= b[i] == 0;
        }
        if (firstTenZero && b[10] == 0 && b[11] == 0) {
            boolean lastFourZero = b[12] == 0 && b[13] == 0 && b[14] == 0;
            if (lastFourZero && b[15] == 0) {
                return Optional.of("the unspecified address");
            }
            if (lastFourZero && b[15] == 1) {
                return Optional.of("a loopback address");
            }
            return embedded(whyRefusedV4(b, 12), "IPv4-compatible");
        }
        if (firstTenZero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return embedded(whyRefusedV4(b, 12), "IPv4-mapped");
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0x00 && second == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            boolean wellKnown = true;
            for (int i = 4; i < 12; i++) {
                wellKnown &= b[i] == 0;
            }
            return wellKnown ? embedded(whyRefusedV4(b, 12), "NAT64")
                    : Optional.of("a local-use NAT64 address (64:ff9b:1::/48)");
        }
        if (first == 0x20 && second == 0x02) {
            return embedded(whyRefusedV4(b, 2), "6to4");
        }
        if (first == 0x20 && second == 0x01 && b[2] == 0 && b[3] == 0) {
            return Optional.of("a Teredo tunnel address (2001::/32)");
        }
        if ((first & 0xfe) == 0xfc) {
            return Optional.of("a private address (unique local, fc00::/7)");
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return Optional.of("a link-local address (fe80::/10)");
        }
        if (first == 0xfe && (second & 0xc0) == 0xc0) {
            return Optional.of("a site-local address (fec0::/10)");
        }
        if (first == 0xff) {
            return Optional.of("a multicast address");
        }
        if (first == 0x01 && second == 0 && b[2] == 0 && b[3] == 0 && b[4] == 0 && b[5] == 0 && b[6] == 0
                && b[7] == 0) {
            return Optional.of("a discard-only address (100::/64)");
        }
        return Optional.empty();
    }

    private static Optional<String> embedded(Optional<String> v4, String form) {
        return v4.map(why -> why + " in " + form + " IPv6 form");
    }
}
