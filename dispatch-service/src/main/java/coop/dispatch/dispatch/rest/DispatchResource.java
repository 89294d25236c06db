package coop.dispatch.dispatch.rest;

import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.commons.security.Roles;
import coop.dispatch.dispatch.service.DispatchQueries;
import coop.dispatch.dispatch.service.Dispatcher;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/** Every decision open to the riders who own the platform; the queue; fairness figures; manual overrides. */
@Path("/api/v1")
@Tag(name = "Dispatch")
@SecurityRequirement(name = "SecurityScheme")
public class DispatchResource {
    private final DispatchQueries queries;
    private final Dispatcher dispatcher;
    private final JsonWebToken token;

    public DispatchResource(DispatchQueries queries, Dispatcher dispatcher, JsonWebToken token) {
        this.queries = queries;
        this.dispatcher = dispatcher;
        this.token = token;
    }

    @GET
    @Path("decisions/{deliveryId}")
    @RolesAllowed({Roles.COORDINATOR, Roles.MEMBER})
    @Operation(summary = "Why a delivery went to whom: every offer, and every decision with the ordered candidates "
            + "(rotation key value, pickup distance and time) and the reason each other rider was not eligible")
    public DispatchQueries.Explanation decisions(@PathParam("deliveryId") UUID deliveryId) {
        return queries.explain(deliveryId);
    }

    @GET
    @Path("dispatch/queue")
    @RolesAllowed({Roles.COORDINATOR, Roles.MEMBER})
    @Operation(summary = "Free online riders in rotation order, under the dispatch policy in force")
    public List<DispatchQueries.QueueEntry> queue() {
        return queries.queue();
    }

    @GET
    @Path("riders/{id}/queue")
    @RolesAllowed({Roles.RIDER, Roles.COORDINATOR})
    @Operation(summary = "A rider's place in the rotation and how many are ahead (riders see only their own)")
    public DispatchQueries.RiderQueue riderQueue(@PathParam("id") UUID riderId) {
        if (!token.getGroups().contains(Roles.COORDINATOR) && !riderId.toString().equals(token.getSubject())) {
            throw ApiException.forbidden("A rider can only see their own place in the queue");
        }
        return queries.riderQueue(riderId);
    }

    @POST
    @Path("deliveries/{id}/assign")
    @RolesAllowed(Roles.COORDINATOR)
    @Operation(summary = "Assign a delivery by hand (coordinators only); logged with the reason, shown in fairness")
    public DispatchQueries.Explanation assign(@PathParam("id") UUID deliveryId, @NotNull @Valid ManualAssignment body) {
        dispatcher.assignByHand(deliveryId, body.riderId(), body.reason(), token.getName());
        return queries.explain(deliveryId);
    }

    @GET
    @Path("fairness")
    @RolesAllowed({Roles.COORDINATOR, Roles.MEMBER})
    @Operation(summary = "Per rider online hours, jobs, earnings, per-hour rates and longest wait; Gini coefficients, max/min, "
            + "skips by reason, manual assignments. Default: the last 7 days")
    public DispatchQueries.FairnessReport fairness(@QueryParam("from") String from, @QueryParam("to") String to) {
        Instant end = to == null ? Instant.now() : instant("to", to);
        Instant start = from == null ? end.minus(Duration.ofDays(7)) : instant("from", from);
        return queries.fairness(start, end);
    }

    private static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 instant such as 2026-11-29T12:00:00Z");
        }
    }

    public record ManualAssignment(@NotNull UUID riderId, @NotBlank @Size(max = 500) String reason) {
    }
}
