package coop.dispatch.commons.security;

import io.quarkus.elytron.security.common.BcryptUtil;
import org.wildfly.security.password.Password;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.util.ModularCrypt;

import java.security.SecureRandom;
import java.util.Base64;

/** bcrypt hashing of passwords and client secrets, and random secrets. */
public final class Passwords {
    private static final SecureRandom RANDOM = new SecureRandom();
    // Checked when the account is unknown, so that an unknown name takes as long to refuse as a wrong secret.
    private static final String DUMMY_HASH = BcryptUtil.bcryptHash("no-such-account");

    private Passwords() {
    }

    public static String hash(String secret) {
        return BcryptUtil.bcryptHash(secret);
    }

    /** True if the secret matches the hash; a null hash (unknown account) is checked too, and never matches. */
    public static boolean matches(String secret, String hash) {
        boolean known = hash != null;
        try {
            PasswordFactory factory = PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT);
            Password stored = factory.translate(ModularCrypt.decode(known ? hash : DUMMY_HASH));
            return factory.verify(stored, (secret == null ? "" : secret).toCharArray()) && known;
        } catch (Exception e) {
            return false;
        }
    }

    /** A URL-safe random secret of the given number of random bytes. */
    public static String randomSecret(int bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(bytes));
    }

    public static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
