package coop.dispatch.merchant.rest;

import coop.dispatch.commons.security.Roles;
import coop.dispatch.merchant.Webhook;
import coop.dispatch.merchant.WebhookAttempt;
import coop.dispatch.merchant.WebhookMessage;
import coop.dispatch.merchant.service.MerchantService;
import coop.dispatch.merchant.service.WebhookService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A merchant's webhooks. Every notification is a POST of JSON {id, event, occurredAt, delivery{…}} with headers
 * X-Coop-Event, X-Coop-Message-Id, X-Coop-Timestamp and X-Coop-Signature: sha256=HMAC-SHA256(secret,
 * "timestamp.body") in hex. Any 2xx answer within 5 s counts as received; anything else is retried with exponential
 * backoff. Endpoints must be public http(s) URLs: loopback, private, link-local and similar addresses are refused at
 * registration and before every send (see {@link coop.dispatch.merchant.service.WebhookTargets}).
 */
@Path("/api/v1/webhooks")
@Tag(name = "Webhooks")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed(Roles.MERCHANT)
public class WebhookResource {
    private final WebhookService webhooks;
    private final MerchantService merchants;
    private final JsonWebToken token;

    public WebhookResource(WebhookService webhooks, MerchantService merchants, JsonWebToken token) {
        this.webhooks = webhooks;
        this.merchants = merchants;
        this.token = token;
    }

    @POST
    @Operation(summary = "Register an endpoint for status notifications; the signing secret is shown only here",
            description = "events: any of assigned, picked_up, delivered, failed, cancelled, unassignable. url: a "
                    + "public http(s) endpoint without credentials; loopback, private (RFC 1918, fc00::/7), link-local "
                    + "(169.254/16, fe80::/10), CGNAT, multicast and reserved addresses, and names resolving to them, "
                    + "are refused; redirects are not followed.")
    @RequestBody(content = @Content(mediaType = "application/json",
            examples = @ExampleObject(name = "webhook", value = ApiExamples.WEBHOOK_REQUEST)))
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = "application/json",
            examples = @ExampleObject(name = "webhook", value = ApiExamples.WEBHOOK_CREATED)))
    @APIResponse(responseCode = "422", description = "The url is not a public http(s) endpoint (problem naming url)")
    public Response create(@NotNull @Valid WebhookRequest request, UriInfo uri) {
        WebhookService.Created created = webhooks.create(merchant(), request.url(), request.events());
        Webhook w = created.webhook();
        return Response.created(uri.getAbsolutePathBuilder().path(w.id.toString()).build())
                .entity(new WebhookSecretView(w.id, w.url, w.eventList(), created.secret(), w.createdAt)).build();
    }

    @GET
    @Operation(summary = "Your webhooks (never their secrets)")
    public List<WebhookView> list() {
        return webhooks.list(merchant()).stream().map(WebhookView::of).toList();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One of your webhooks")
    public WebhookView get(@PathParam("id") UUID id) {
        return WebhookView.of(webhooks.get(merchant(), id));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a webhook; notifications still waiting for it are abandoned")
    public Response delete(@PathParam("id") UUID id) {
        webhooks.delete(merchant(), id);
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/deliveries")
    @Operation(summary = "Notifications sent (or being retried) to this webhook, newest first, with every attempt")
    public List<MessageView> messages(@PathParam("id") UUID id,
                                      @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        return webhooks.messages(merchant(), id, limit).stream().map(MessageView::of).toList();
    }

    public record WebhookRequest(@NotBlank @Size(max = 2000) String url,
                                 @NotEmpty @Size(max = 6) List<@NotBlank String> events) {
    }

    public record WebhookSecretView(UUID id, String url, List<String> events, String secret, Instant createdAt) {
    }

    public record WebhookView(UUID id, String url, List<String> events, Instant createdAt) {
        static WebhookView of(Webhook w) {
            return new WebhookView(w.id, w.url, w.eventList(), w.createdAt);
        }
    }

    public record AttemptView(int attempt, Instant startedAt, int durationMs, Integer statusCode, String error) {
    }

    public record MessageView(UUID id, UUID deliveryId, String event, WebhookMessage.State state, int attempts,
                              Instant nextAttemptAt, Instant createdAt, Instant completedAt,
                              List<AttemptView> attemptLog) {
        static MessageView of(WebhookService.MessageWithAttempts m) {
            WebhookMessage msg = m.message();
            return new MessageView(msg.id, msg.deliveryId, msg.event, msg.state, msg.attempts,
                    msg.state == WebhookMessage.State.PENDING ? msg.nextAttemptAt : null, msg.createdAt,
                    msg.completedAt, m.attempts().stream().map(MessageView::attempt).toList());
        }

        private static AttemptView attempt(WebhookAttempt a) {
            return new AttemptView(a.attempt, a.startedAt, a.durationMs, a.statusCode, a.error);
        }
    }

    private UUID merchant() {
        return merchants.activeMerchant(token.getClaim(MerchantService.CLIENT_CLAIM));
    }
}
