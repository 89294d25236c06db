package coop.dispatch.commons.security;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Signs access tokens with the platform's private key ({@code smallrye.jwt.sign.key.location}); every service
 * verifies them with the public key. The keys are generated on the machine by deploy/local, never committed.
 */
@ApplicationScoped
public class TokenIssuer {
    private final String issuer;
    private final Duration lifetime;

    public TokenIssuer(@ConfigProperty(name = "mp.jwt.verify.issuer") String issuer,
                       @ConfigProperty(name = "coop.jwt.lifetime", defaultValue = "PT1H") Duration lifetime) {
        this.issuer = issuer;
        this.lifetime = lifetime;
    }

    public IssuedToken issue(String subject, String principalName, Set<String> roles, Map<String, Object> claims) {
        JwtClaimsBuilder builder = Jwt.issuer(issuer)
                .subject(subject)
                .upn(principalName)
                .groups(roles)
                .expiresIn(lifetime);
        claims.forEach(builder::claim);
        return new IssuedToken(builder.sign(), "Bearer", lifetime.toSeconds());
    }

    public record IssuedToken(String token, String type, long expiresInSeconds) {
    }
}
