package coop.dispatch.merchant.rest;

import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.commons.problem.Problem;
import coop.dispatch.commons.security.Roles;
import coop.dispatch.merchant.DeliveryStatus;
import coop.dispatch.merchant.service.DeliveryRequests;
import coop.dispatch.merchant.service.DeliveryService;
import coop.dispatch.merchant.service.MerchantService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/** A merchant's deliveries. The merchant is always the one of the token: there is no way to name another. */
@Path("/api/v1/deliveries")
@Tag(name = "Deliveries")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed(Roles.MERCHANT)
public class DeliveryResource {
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";

    private final DeliveryRequests requests;
    private final DeliveryService deliveries;
    private final MerchantService merchants;
    private final JsonWebToken token;

    public DeliveryResource(DeliveryRequests requests, DeliveryService deliveries, MerchantService merchants,
                            JsonWebToken token) {
        this.requests = requests;
        this.deliveries = deliveries;
        this.merchants = merchants;
        this.token = token;
    }

    @POST
    @Operation(summary = "Request a delivery; it is priced, then dispatched to a rider by rotation",
            description = "Pickup and dropoff must each lie in a service zone. With an Idempotency-Key header, "
                    + "repeating the same request answers the delivery made the first time (200, header "
                    + "Idempotent-Replayed: true); the same key with a different body is refused with 409.")
    @RequestBody(content = @Content(mediaType = "application/json",
            examples = @ExampleObject(name = "delivery", value = ApiExamples.DELIVERY_REQUEST)))
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = "application/json",
            examples = @ExampleObject(name = "delivery", value = ApiExamples.DELIVERY)))
    @APIResponse(responseCode = "200", description = "Replay of an earlier request with the same Idempotency-Key")
    @APIResponse(responseCode = "400", description = "Malformed JSON or invalid fields")
    @APIResponse(responseCode = "409", description = "Idempotency-Key already used with another body")
    @APIResponse(responseCode = "422", description = "Impossible time window, outside the service zones, "
            + "no service area configured, or a parcel too heavy for any vehicle")
    public RestResponse<DeliveryView> create(@NotNull @Valid DeliveryRequest request,
                           @Parameter(description = "Any unique string (e.g. a UUID) per intended delivery")
                           @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey, UriInfo uri) {
        DeliveryService.Created created = requests.create(merchant(), request, idempotencyKey, token.getRawToken());
        UriBuilder location = uri.getBaseUriBuilder().path("/api/v1/deliveries").path(created.delivery().id().toString());
        if (created.replayed()) {
            return RestResponse.ResponseBuilder.ok(created.delivery()).location(location.build())
                    .header(REPLAYED, "true").build();
        }
        return RestResponse.ResponseBuilder.<DeliveryView>created(location.build()).entity(created.delivery()).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Read one of your deliveries, with its status history")
    @APIResponse(responseCode = "200", description = "The delivery", content = @Content(
            mediaType = "application/json", examples = @ExampleObject(name = "delivery", value = ApiExamples.DELIVERY)))
    @APIResponse(responseCode = "404", description = "No such delivery of yours")
    public DeliveryView get(@PathParam("id") UUID id) {
        return deliveries.get(merchant(), id);
    }

    @GET
    @Operation(summary = "Your deliveries, newest first, a page at a time",
            description = "Filters: status (repeatable or comma-separated), from/to on the creation time (ISO-8601 "
                    + "instant or date, from inclusive, to exclusive). The answer's 'next' link (also in the Link "
                    + "header) fetches the following page; 'nextCursor' is null on the last page.")
    public Response list(@QueryParam("status") List<String> status,
                         @Parameter(description = "2030-01-01 or 2030-01-01T00:00:00Z") @QueryParam("from") String from,
                         @QueryParam("to") String to,
                         @Parameter(description = "Opaque; from the previous page's nextCursor")
                         @QueryParam("cursor") @Size(max = 200) String cursor,
                         @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit, UriInfo uri) {
        Instant fromTime = time("from", from);
        Instant toTime = time("to", to);
        if (fromTime != null && toTime != null && !toTime.isAfter(fromTime)) {
            throw new ApiException(400, "Invalid request", "to must be later than from",
                    List.of(new Problem.Violation("to", "must be later than from")));
        }
        DeliveryService.Page page = deliveries.list(merchant(), new DeliveryService.Filter(statuses(status),
                fromTime, toTime), cursor, limit);
        String next = page.nextCursor() == null ? null
                : uri.getRequestUriBuilder().replaceQueryParam("cursor", page.nextCursor()).build().toString();
        Response.ResponseBuilder answer = Response.ok(new DeliveryPage(page.items(), page.nextCursor(), next));
        if (next != null) {
            answer.header("Link", "<" + next + ">; rel=\"next\"");
        }
        return answer.build();
    }

    @POST
    @Path("{id}/cancel")
    @Operation(summary = "Cancel a delivery until it is picked up",
            description = "Dispatch withdraws any open offer. After pick-up the answer is 409 with the reason; "
                    + "cancelling a cancelled delivery answers it unchanged.")
    @RequestBody(required = false, content = @Content(mediaType = "application/json",
            examples = @ExampleObject(name = "cancel", value = "{\"reason\": \"customer changed their mind\"}")))
    @APIResponse(responseCode = "200", description = "Cancelled")
    @APIResponse(responseCode = "409", description = "Already picked up, delivered or failed")
    @Consumes(MediaType.APPLICATION_JSON)
    public DeliveryView cancel(@PathParam("id") UUID id, @Valid CancelRequest request) {
        return deliveries.cancel(merchant(), id, request == null ? null : request.reason());
    }

    /** The same without a JSON body (curl -X POST, form posts): no reason given. */
    @POST
    @Path("{id}/cancel")
    @Consumes(MediaType.WILDCARD)
    @Operation(hidden = true)
    public DeliveryView cancelWithoutReason(@PathParam("id") UUID id) {
        return deliveries.cancel(merchant(), id, null);
    }

    public record CancelRequest(@Size(max = 500) String reason) {
    }

    /** One page of deliveries; {@code next} is the URL of the following page, null on the last. */
    public record DeliveryPage(List<DeliveryView> items, String nextCursor, String next) {
    }

    private UUID merchant() {
        return merchants.activeMerchant(token.getClaim(MerchantService.CLIENT_CLAIM));
    }

    private static Set<DeliveryStatus> statuses(List<String> values) {
        Set<DeliveryStatus> statuses = EnumSet.noneOf(DeliveryStatus.class);
        for (String value : values == null ? List.<String>of() : values) {
            for (String name : value.split(",")) {
                if (name.isBlank()) {
                    continue;
                }
                try {
                    statuses.add(DeliveryStatus.valueOf(name.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new ApiException(400, "Invalid request", "status: unknown status '" + name + "'",
                            List.of(new Problem.Violation("status", "must be one of "
                                    + java.util.Arrays.toString(DeliveryStatus.values()))));
                }
            }
        }
        return statuses;
    }

    private static Instant time(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeException e) {
            throw new ApiException(400, "Invalid request", field + ": '" + value + "' is not a date (2030-01-01) "
                    + "or an instant (2030-01-01T10:00:00Z)", List.of(new Problem.Violation(field,
                    "must be a date or an ISO-8601 instant")));
        }
    }
}
