package coop.dispatch.rider.rest;

import coop.dispatch.commons.problem.ApiException;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

/** The member the request's token was issued to: its subject is the member id. */
@RequestScoped
public class CurrentMember {
    private final JsonWebToken token;

    public CurrentMember(JsonWebToken token) {
        this.token = token;
    }

    public UUID id() {
        return idOf(token);
    }

    public static UUID idOf(JsonWebToken token) {
        try {
            return UUID.fromString(token.getSubject());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.unauthorized("This token was not issued to a member");
        }
    }
}
