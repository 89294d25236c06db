package coop.dispatch.commons.security;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import javax.crypto.SecretKey;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The bearer-token parser every service authenticates with: smallrye-jwt's own, plus a memory of the tokens it has
 * already verified. A client sends the same token with every request until it expires, and checking an RS256
 * signature costs a sizeable share of a short request; the claims of a token whose signature, issuer and expiry were
 * checked once cannot change, so a repeat only has to be still unexpired. Only successful verifications are kept;
 * a token is forgotten when it expires, and the whole memory when it reaches its size limit.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokenCache implements JWTParser {
    private final JWTParser verifier;
    private final int maxEntries;
    private final LongSupplier clockSeconds;
    private final ConcurrentHashMap<String, JsonWebToken> verified = new ConcurrentHashMap<>();

    @Inject
    public VerifiedTokenCache(DefaultJWTParser verifier,
                              @ConfigProperty(name = "coop.security.verified-token-cache-size", defaultValue = "2048")
                              int maxEntries) {
        this(verifier, maxEntries, () -> System.currentTimeMillis() / 1000);
    }

    VerifiedTokenCache(JWTParser verifier, int maxEntries, LongSupplier clockSeconds) {
        this.verifier = verifier;
        this.maxEntries = maxEntries;
        this.clockSeconds = clockSeconds;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken known = verified.get(token);
        if (known != null) {
            if (unexpired(known)) {
                return known;
            }
            verified.remove(token, known);
        }
        JsonWebToken fresh = verifier.parse(token);
        if (maxEntries > 0 && unexpired(fresh)) {
            if (verified.size() >= maxEntries) {
                verified.clear();
            }
            verified.put(token, fresh);
        }
        return fresh;
    }

    /** Tokens without an expiry are never remembered: each use is verified again. */
    private boolean unexpired(JsonWebToken jwt) {
        Object exp = jwt.getClaim("exp");
        return exp instanceof Number expiresAt && expiresAt.longValue() > 0
                && clockSeconds.getAsLong() < expiresAt.longValue();
    }

    int size() {
        return verified.size();
    }

    // Everything else is a one-off (other keys, other settings): no memory, straight to smallrye-jwt.

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }
}
