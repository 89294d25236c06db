package coop.dispatch.rider.assembly.service;

import coop.dispatch.rider.assembly.config.AssemblyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * The key a ballot is stored under: HMAC-SHA256 of proposal and member with a secret the database does not hold.
 * The same member gets the same key on the same proposal (so a second vote replaces the first), while the ballot
 * table alone names nobody. Without {@code coop.assembly.ballot-secret} the secret is derived from the token
 * signing key, which every instance has and the database never sees.
 */
@ApplicationScoped
public class BallotKeys {
    private final SecretKeySpec key;

    public BallotKeys(AssemblyConfig config,
                      @ConfigProperty(name = "smallrye.jwt.sign.key.location") Optional<String> signingKey) {
        byte[] secret;
        if (config.ballotSecret().filter(s -> !s.isBlank()).isPresent()) {
            secret = config.ballotSecret().get().getBytes(StandardCharsets.UTF_8);
        } else if (signingKey.isPresent() && Files.isReadable(Path.of(signingKey.get()))) {
            try {
                secret = Files.readAllBytes(Path.of(signingKey.get()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            throw new IllegalStateException("Secret ballots need coop.assembly.ballot-secret (or a readable token "
                    + "signing key at smallrye.jwt.sign.key.location)");
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("coopdispatch assembly ballots\n".getBytes(StandardCharsets.UTF_8));
            this.key = new SecretKeySpec(sha.digest(secret), "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String keyOf(UUID proposalId, UUID memberId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal((proposalId + ":" + memberId)
                    .getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
