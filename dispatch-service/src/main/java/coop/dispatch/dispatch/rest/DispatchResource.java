package coop.dispatch.dispatch.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import coop.dispatch.commons.geo.GeoPoints;
import coop.dispatch.commons.geo.Location;
import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.commons.security.Roles;
import coop.dispatch.dispatch.DispatchDecision;
import coop.dispatch.dispatch.DispatchJob;
import coop.dispatch.dispatch.JobOffer;
import coop.dispatch.dispatch.JobStatus;
import coop.dispatch.dispatch.OfferStatus;
import coop.dispatch.dispatch.RiderState;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/** What coordinators see of dispatch: each delivery's offers and decisions, and the rotation queue. */
@Path("/api/v1/dispatch")
@Tag(name = "Dispatch (coordinators)")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed(Roles.COORDINATOR)
@Transactional(Transactional.TxType.SUPPORTS)
public class DispatchResource {
    private final ObjectMapper json;

    public DispatchResource(ObjectMapper json) {
        this.json = json;
    }

    @GET
    @Path("deliveries/{id}")
    @Operation(summary = "A delivery's dispatch: status, every offer, and every decision with its queue and reasons")
    public JobView delivery(@PathParam("id") UUID id) {
        DispatchJob job = DispatchJob.findById(id);
        if (job == null) {
            throw ApiException.notFound("Delivery", id);
        }
        List<OfferView> offers = JobOffer.<JobOffer>list("deliveryId", Sort.by("offeredAt"), id).stream()
                .map(o -> new OfferView(o.offerId, o.riderId, o.status, o.offeredAt, o.expiresAt, o.answeredAt))
                .toList();
        List<DecisionView> decisions = DispatchDecision.<DispatchDecision>list("deliveryId", Sort.by("madeAt"), id)
                .stream().map(d -> new DecisionView(d.id, d.madeAt, d.rulesVersion, d.rotationKey, d.chosenRiderId,
                        tree(d.candidates), tree(d.excluded)))
                .toList();
        return new JobView(job.deliveryId, job.status, Location.of(GeoPoints.of(job.pickup)),
                Location.of(GeoPoints.of(job.dropoff)), job.weightGrams, job.requestedAt, job.assignedRiderId, offers,
                decisions);
    }

    @GET
    @Path("queue")
    @Operation(summary = "Online riders who are free, in rotation order (longest waiting first)")
    public List<QueueEntry> queue() {
        List<RiderState> free = RiderState.list("online = true and busyDeliveryId is null");
        free.sort(Comparator.comparing((RiderState r) -> r.waitingSince, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(r -> r.riderId.toString()));
        return java.util.stream.IntStream.range(0, free.size())
                .mapToObj(i -> new QueueEntry(i + 1, free.get(i).riderId, free.get(i).vehicle.name(),
                        free.get(i).waitingSince))
                .toList();
    }

    private JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public record JobView(UUID deliveryId, JobStatus status, Location pickup, Location dropoff, int weightGrams,
                          Instant requestedAt, UUID assignedRiderId, List<OfferView> offers,
                          List<DecisionView> decisions) {
    }

    public record OfferView(UUID offerId, UUID riderId, OfferStatus status, Instant offeredAt, Instant expiresAt,
                            Instant answeredAt) {
    }

    public record DecisionView(UUID id, Instant madeAt, String rulesVersion, String rotationKey, UUID chosenRiderId,
                               JsonNode candidates, JsonNode excluded) {
    }

    public record QueueEntry(int position, UUID riderId, String vehicle, Instant waitingSince) {
    }
}
