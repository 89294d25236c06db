package coop.dispatch.merchant.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which addresses and URLs webhooks may target, and the check before each send against DNS rebinding. */
class WebhookTargetsTest {
    static final WebhookTargets STRICT = new WebhookTargets(false, InetAddress::getAllByName);

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static String why(String literal) {
        return WebhookTargets.whyRefused(ip(literal)).orElse("public");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1.1.1", "93.184.215.14", "8.8.8.8", "172.15.255.255", "172.32.0.1", "100.63.255.255",
            "100.128.0.1", "169.253.255.255", "192.167.1.1", "11.0.0.1", "223.255.255.254", "198.20.0.1",
            "2606:4700:4700::1111", "2a00:1450:4001:82b::200e", "2002:5db8:d70e::1", "64:ff9b::808:808"})
    void publicAddressesAreAllowed(String literal) {
        assertEquals("public", why(literal));
    }

    @Test
    void internalIpv4AddressesAreRefusedWithTheReason() {
        Map<String, String> expected = Map.ofEntries(
                Map.entry("127.0.0.1", "loopback"), Map.entry("127.255.255.254", "loopback"),
                Map.entry("10.0.0.1", "private"), Map.entry("172.16.0.1", "private"),
                Map.entry("172.31.255.255", "private"), Map.entry("192.168.1.1", "private"),
                Map.entry("169.254.169.254", "link-local"), Map.entry("169.254.0.1", "link-local"),
                Map.entry("0.0.0.0", "unspecified"), Map.entry("0.1.2.3", "unspecified"),
                Map.entry("100.64.0.1", "carrier-grade NAT"), Map.entry("100.127.255.255", "carrier-grade NAT"),
                Map.entry("224.0.0.1", "multicast"), Map.entry("239.255.255.250", "multicast"),
                Map.entry("240.0.0.1", "reserved"), Map.entry("255.255.255.255", "broadcast"),
                Map.entry("192.0.0.170", "IETF protocol"), Map.entry("198.18.0.1", "benchmarking"));
        expected.forEach((literal, reason) -> assertTrue(why(literal).contains(reason), literal + ": " + why(literal)));
    }

    @Test
    void internalIpv6AddressesAreRefusedWithTheReason() throws Exception {
        Map<String, String> expected = Map.ofEntries(
                Map.entry("::1", "loopback"), Map.entry("::", "unspecified"),
                Map.entry("fc00::1", "unique local"), Map.entry("fd00:ec2::254", "unique local"),
                Map.entry("fe80::1", "link-local"), Map.entry("febf::1", "link-local"),
                Map.entry("fec0::1", "site-local"), Map.entry("ff02::1", "multicast"),
                Map.entry("::127.0.0.1", "loopback address in IPv4-compatible"),
                Map.entry("64:ff9b::a9fe:a9fe", "link-local address (such as the cloud metadata service"),
                Map.entry("64:ff9b:1::1", "local-use NAT64"), Map.entry("2002:7f00:1::1", "loopback address in 6to4"),
                Map.entry("2002:c0a8:101::1", "private address (RFC 1918) in 6to4"),
                Map.entry("2001:0:4136:e378::1", "Teredo"), Map.entry("100::1", "discard-only"));
        expected.forEach((literal, reason) -> assertTrue(why(literal).contains(reason), literal + ": " + why(literal)));

        // The JDK turns ::ffff:a.b.c.d into an IPv4 address when parsing; built from its 16 bytes it stays IPv6.
        assertEquals("a loopback address", why("::ffff:127.0.0.1"));
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = (byte) 169;
        mapped[13] = (byte) 254;
        mapped[14] = (byte) 169;
        mapped[15] = (byte) 254;
        InetAddress v6 = Inet6Address.getByAddress(null, mapped, -1);
        assertTrue(v6 instanceof Inet6Address);
        assertTrue(WebhookTargets.whyRefused(v6).orElseThrow().contains("link-local address (such as the cloud "
                + "metadata service 169.254.169.254) in IPv4-mapped IPv6 form"));
        mapped[12] = 8;
        mapped[13] = 8;
        mapped[14] = 8;
        mapped[15] = 8;
        assertTrue(WebhookTargets.whyRefused(Inet6Address.getByAddress(null, mapped, -1)).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8081/hook", "http://169.254.169.254/latest/meta-data/",
            "http://10.0.0.1/", "http://[::1]:8080/", "http://[::ffff:127.0.0.1]/", "http://[fe80::1%25eth0]/",
            "http://[fd00::1]/", "http://localhost:8081/", "http://LOCALHOST./", "http://shop.localhost/",
            "http://0.0.0.0:8081/", "http://0/", "http://100.64.1.1/",
            // Numeric forms the JDK or C resolvers read as loopback or as something else than they seem.
            "http://2130706433/", "http://0x7f000001/", "http://0177.0.0.1/", "http://017700000001/",
            "http://127.1/", "http://0x7f.0.0.1/",
            // Not http(s), credentials, not absolute, not a URL.
            "ftp://example.org/x", "file:///etc/passwd", "gopher://example.org/", "http://user:pw@example.org/",
            "http://user@example.org/", "/relative/hook", "http//example.org", "http://exa mple.org/"})
    void registrationRefusesUrlsThatAreNotPublicHttpEndpoints(String url) {
        WebhookTargets.Refused refused = assertThrows(WebhookTargets.Refused.class, () -> STRICT.check(url), url);
        assertTrue(!refused.getMessage().isBlank(), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://shop.example.org/hooks/coop?x=1", "http://93.184.215.14/hook",
            "https://[2606:4700:4700::1111]:8443/hook", "https://name-that-does-not-resolve.invalid/hook"})
    void registrationAcceptsPublicHttpEndpoints(String url) {
        assertEquals(URI.create(url), STRICT.check(url));
    }

    @Test
    void withPrivateTargetsAllowedOnlySchemeAndCredentialsAreChecked() throws Exception {
        WebhookTargets relaxed = new WebhookTargets(true, InetAddress::getAllByName);
        assertEquals(URI.create("http://127.0.0.1:9/hook"), relaxed.check("http://127.0.0.1:9/hook"));
        assertEquals(ip("127.0.0.1"), relaxed.resolve(URI.create("http://localhost:9/hook")));
        assertThrows(WebhookTargets.Refused.class, () -> relaxed.check("ftp://127.0.0.1/x"));
        assertThrows(WebhookTargets.Refused.class, () -> relaxed.check("http://a:b@127.0.0.1/x"));
    }

    @Test
    void everySendResolvesAgainSoANameThatNowPointsInsideIsRefused() throws Exception {
        AtomicReference<InetAddress[]> answer = new AtomicReference<>(new InetAddress[]{ip("93.184.215.14")});
        WebhookTargets targets = new WebhookTargets(false, host -> {
            assertEquals("hooks.shop.example", host);
            return answer.get();
        });
        URI url = targets.check("https://hooks.shop.example/coop");
        assertEquals(ip("93.184.215.14"), targets.resolve(url), "the address to connect to is the checked one");

        answer.set(new InetAddress[]{ip("127.0.0.1")});
        WebhookTargets.Refused rebound = assertThrows(WebhookTargets.Refused.class, () -> targets.resolve(url));
        assertEquals("hooks.shop.example resolves to 127.0.0.1, a loopback address; webhooks may only reach public "
                + "addresses", rebound.getMessage());

        // One internal address among public ones is enough to refuse: the connection could go to any of them.
        answer.set(new InetAddress[]{ip("93.184.215.14"), ip("169.254.169.254")});
        assertTrue(assertThrows(WebhookTargets.Refused.class, () -> targets.resolve(url)).getMessage()
                .contains("169.254.169.254, a link-local address"));
        answer.set(new InetAddress[]{ip("10.1.2.3")});
        assertThrows(WebhookTargets.Refused.class, () -> targets.check("https://hooks.shop.example/coop"));

        answer.set(new InetAddress[0]);
        assertThrows(UnknownHostException.class, () -> targets.resolve(url));
    }
}
