package coop.dispatch.commons.security;

import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifiedTokenCacheTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final Verifier verifier = new Verifier();

    @Test
    void aVerifiedTokenIsVerifiedOnceUntilItExpires() throws ParseException {
        VerifiedTokenCache cache = new VerifiedTokenCache(verifier, 100, now::get);
        verifier.expiries.put("a", 1_060L);

        JsonWebToken first = cache.parse("a");
        assertSame(first, cache.parse("a"));
        now.set(1_059);
        assertSame(first, cache.parse("a"));
        assertEquals(1, verifier.verifications);

        now.set(1_060); // expired: no longer answered from memory, and smallrye-jwt refuses it
        verifier.refuseExpired = true;
        assertThrows(ParseException.class, () -> cache.parse("a"));
        assertEquals(2, verifier.verifications);
        assertEquals(0, cache.size());
    }

    @Test
    void refusedTokensAndTokensWithoutExpiryAreNeverRemembered() throws ParseException {
        VerifiedTokenCache cache = new VerifiedTokenCache(verifier, 100, now::get);
        assertThrows(ParseException.class, () -> cache.parse("forged"));
        assertThrows(ParseException.class, () -> cache.parse("forged"));
        verifier.expiries.put("forever", 0L);
        cache.parse("forever");
        cache.parse("forever");
        assertEquals(4, verifier.verifications);
        assertEquals(0, cache.size());
    }

    @Test
    void theMemoryNeverGrowsPastItsLimit() throws ParseException {
        VerifiedTokenCache cache = new VerifiedTokenCache(verifier, 3, now::get);
        for (int i = 0; i < 10; i++) {
            verifier.expiries.put("t" + i, 2_000L);
            cache.parse("t" + i);
        }
        assertTrue(cache.size() <= 3, "size " + cache.size());
        cache.parse("t9");
        assertEquals(10, verifier.verifications); // the newest is still remembered
    }

    /** Stands in for smallrye-jwt's signature check: knows which tokens are genuine and when they expire. */
    private final class Verifier implements JWTParser {
        final Map<String, Long> expiries = new HashMap<>();
        int verifications;
        boolean refuseExpired;

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            verifications++;
            Long exp = expiries.get(token);
            if (exp == null || refuseExpired && exp > 0 && now.get() >= exp) {
                throw new ParseException("invalid token " + token);
            }
            return new Token(token, exp);
        }

        @Override
        public JsonWebToken parse(String token, JWTAuthContextInfo context) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken verify(String token, PublicKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken verify(String token, SecretKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken verify(String token, String secret) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken decrypt(String token, PrivateKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken decrypt(String token, SecretKey key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken decrypt(String token, String secret) {
            throw new UnsupportedOperationException();
        }

        @Override
        public JsonWebToken parseOnly(String token) {
            throw new UnsupportedOperationException();
        }
    }

    private record Token(String raw, long exp) implements JsonWebToken {
        @Override
        public String getName() {
            return raw;
        }

        @Override
        public Set<String> getClaimNames() {
            return exp > 0 ? Set.of("exp") : Set.of();
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getClaim(String claimName) {
            return "exp".equals(claimName) && exp > 0 ? (T) Long.valueOf(exp) : null;
        }
    }
}
