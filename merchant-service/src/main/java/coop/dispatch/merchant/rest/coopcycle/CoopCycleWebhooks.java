package coop.dispatch.merchant.rest.coopcycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.commons.security.Roles;
import coop.dispatch.merchant.Webhook;
import coop.dispatch.merchant.service.MerchantService;
import coop.dispatch.merchant.service.WebhookService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/**
 * CoopCycle's webhooks, as its PHP SDK registers them: one {@code event} per webhook, the {@code secret} shown once.
 * Notifications are POSTs of {"data":{"object":"/api/deliveries/{id}","event":"delivery.completed"}} signed in
 * {@code X-CoopCycle-Signature} (base64 of the HMAC-SHA256 of the body, keyed with the secret), sent and retried by
 * the same machinery as our own webhooks (same target checks). Events and how our statuses map to them:
 * {@link WebhookService#COOPCYCLE_EVENTS}.
 */
@Path("/api/webhooks")
@Tag(name = "CoopCycle compatibility")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed(Roles.MERCHANT)
@Produces({JsonLd.MEDIA_TYPE, "application/json"})
public class CoopCycleWebhooks {
    private final WebhookService webhooks;
    private final MerchantService merchants;
    private final JsonWebToken token;
    private final ObjectMapper json;

    public CoopCycleWebhooks(WebhookService webhooks, MerchantService merchants, JsonWebToken token,
                             ObjectMapper json) {
        this.webhooks = webhooks;
        this.merchants = merchants;
        this.token = token;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Subscribe a URL to one CoopCycle event; the signing secret is shown only here",
            description = "event: delivery.assigned, delivery.started (sent with assigned), delivery.picked, "
                    + "delivery.in_transit (sent with picked), delivery.completed, delivery.failed (also when no "
                    + "rider could take it). url: a public http(s) endpoint.")
    public Response create(String body) {
        JsonNode root = JsonLd.object(json, body);
        WebhookService.Created created = webhooks.createCoopCycle(merchant(), JsonLd.text(root.get("url")),
                JsonLd.text(root.get("event")));
        WebhookLd answer = WebhookLd.of(created.webhook(), created.secret());
        return Response.created(URI.create(answer.iri())).entity(answer).build();
    }

    @GET
    @Operation(summary = "Your CoopCycle webhooks (never their secrets), as a hydra:Collection")
    public Collection list() {
        List<WebhookLd> members = webhooks.list(merchant(), Webhook.Flavour.COOPCYCLE).stream()
                .map(w -> WebhookLd.of(w, null)).toList();
        return new Collection("/api/contexts/Webhook", "/api/webhooks", "hydra:Collection", members, members.size());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One of your CoopCycle webhooks")
    public WebhookLd get(@PathParam("id") String id) {
        return WebhookLd.of(webhooks.get(merchant(), uuid(id), Webhook.Flavour.COOPCYCLE), null);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete one of your CoopCycle webhooks")
    public Response delete(@PathParam("id") String id) {
        webhooks.delete(merchant(), uuid(id), Webhook.Flavour.COOPCYCLE);
        return Response.noContent().build();
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Webhook", id);
        }
    }

    private UUID merchant() {
        return merchants.activeMerchant(token.getClaim(MerchantService.CLIENT_CLAIM));
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WebhookLd(@JsonProperty("@context") String context, @JsonProperty("@id") String iri,
                            @JsonProperty("@type") String type, String url, String event, String secret) {
        static WebhookLd of(Webhook w, String secret) {
            return new WebhookLd("/api/contexts/Webhook", "/api/webhooks/" + w.id, "Webhook", w.url, w.events,
                    secret);
        }
    }

    public record Collection(@JsonProperty("@context") String context, @JsonProperty("@id") String iri,
                             @JsonProperty("@type") String type, @JsonProperty("hydra:member") List<WebhookLd> members,
                             @JsonProperty("hydra:totalItems") int totalItems) {
    }
}
