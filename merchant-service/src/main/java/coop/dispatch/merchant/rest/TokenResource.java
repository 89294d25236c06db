package coop.dispatch.merchant.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import coop.dispatch.commons.security.TokenIssuer;
import coop.dispatch.merchant.service.MerchantService;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * OAuth2 token endpoint (RFC 6749 §4.4, client credentials), credentials in the form or in HTTP Basic. The body is
 * read as a form whatever its Content-Type says (CoopCycle's WooCommerce plugin sends
 * {@code grant_type=client_credentials&scope=deliveries} with none), or as JSON if it is a JSON object. A scope
 * ("deliveries", "tasks deliveries") is accepted and ignored: a merchant's token covers its own deliveries.
 */
@Path("/oauth2/token")
@Tag(name = "Authentication")
@PermitAll
public class TokenResource {
    private final MerchantService merchants;

    private final ObjectMapper json;

    public TokenResource(MerchantService merchants, ObjectMapper json) {
        this.merchants = merchants;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Exchange API client credentials for an access token (grant_type=client_credentials)")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED,
            schema = @Schema(implementation = TokenRequest.class)))
    public Response token(String body, @HeaderParam("Authorization") String authorization) {
        Map<String, String> form = parameters(body);
        if (form == null) {
            return error(400, "invalid_request", "The body must be a form (grant_type=client_credentials&...) or a "
                    + "JSON object");
        }
        String grantType = form.get("grant_type");
        if (grantType == null) {
            return error(400, "invalid_request", "grant_type is required");
        }
        if (!"client_credentials".equals(grantType)) {
            return error(400, "unsupported_grant_type", "Only client_credentials is supported");
        }
        String clientId = form.get("client_id");
        String secret = form.get("client_secret");
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

    /** The body's parameters: a JSON object's string fields, else form fields (first of each); null if unreadable. */
    private Map<String, String> parameters(String body) {
        Map<String, String> out = new HashMap<>();
        if (body == null || body.isBlank()) {
            return out;
        }
        String b = body.strip();
        if (b.startsWith("{")) {
            try {
                JsonNode node = json.readTree(b);
                node.fields().forEachRemaining(e -> {
                    if (e.getValue().isValueNode()) {
                        out.put(e.getKey(), e.getValue().asText());
                    }
                });
                return out;
            } catch (JsonProcessingException e) {
                return null;
            }
        }
        for (String pair : b.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(key.strip(), value);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return out;
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

    /** The form fields read (documentation only). */
    public record TokenRequest(@JsonProperty("grant_type") String grantType, String scope,
                               @JsonProperty("client_id") String clientId,
                               @JsonProperty("client_secret") String clientSecret) {
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
