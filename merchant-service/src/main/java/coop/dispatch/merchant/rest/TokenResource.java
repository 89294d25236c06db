package coop.dispatch.merchant.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import coop.dispatch.commons.security.TokenIssuer;
import coop.dispatch.merchant.service.MerchantService;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** OAuth2 token endpoint (RFC 6749 §4.4, client credentials), credentials in the form or in HTTP Basic. */
@Path("/oauth2/token")
@Tag(name = "Authentication")
@PermitAll
public class TokenResource {
    private final MerchantService merchants;

    public TokenResource(MerchantService merchants) {
        this.merchants = merchants;
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Exchange API client credentials for an access token (grant_type=client_credentials)")
    public Response token(MultivaluedMap<String, String> form, @HeaderParam("Authorization") String authorization) {
        String grantType = form.getFirst("grant_type");
        if (grantType == null) {
            return error(400, "invalid_request", "grant_type is required");
        }
        if (!"client_credentials".equals(grantType)) {
            return error(400, "unsupported_grant_type", "Only client_credentials is supported");
        }
        String clientId = form.getFirst("client_id");
        String secret = form.getFirst("client_secret");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String[] pair = decodeBasic(authorization.substring(6).trim());
            if (pair == null) {
                return error(400, "invalid_request", "Malformed HTTP Basic credentials");
            }
            clientId = pair[0];
            secret = pair[1];
        }
        if (clientId == null || secret == null) {
            return error(400, "invalid_request", "client_id and client_secret are required");
        }
        TokenIssuer.IssuedToken token = merchants.token(clientId, secret);
        if (token == null) {
            return Response.fromResponse(error(401, "invalid_client", "Unknown client, wrong secret or revoked client"))
                    .header("WWW-Authenticate", "Basic realm=\"coopdispatch\"").build();
        }
        return Response.ok(new TokenResponse(token.token(), token.type(), token.expiresInSeconds()))
                .header("Cache-Control", "no-store").build();
    }

    private static String[] decodeBasic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[]{decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Response error(int status, String code, String description) {
        return Response.status(status).type("application/problem+json")
                .entity(new TokenError("about:blank", status == 401 ? "Unauthorized" : "Bad request", status,
                        description, code, description))
                .header("Cache-Control", "no-store").build();
    }

    public record TokenResponse(@JsonProperty("access_token") String accessToken,
                                @JsonProperty("token_type") String tokenType,
                                @JsonProperty("expires_in") long expiresIn) {
    }

    /** A problem document that OAuth2 clients can also read: RFC 6749 puts the code in {@code error}. */
    public record TokenError(String type, String title, int status, String detail, String error,
                             @JsonProperty("error_description") String errorDescription) {
    }
}
