package coop.dispatch.rider.rest;

import com.fasterxml.jackson.databind.JsonNode;
import coop.dispatch.commons.geo.GeoPoints;
import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.commons.security.Roles;
import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.Vehicle;
import coop.dispatch.rider.service.DispatchClient;
import coop.dispatch.rider.service.EarningsService;
import coop.dispatch.rider.service.JobService;
import coop.dispatch.rider.service.LocationTrail;
import coop.dispatch.rider.service.MemberService;
import coop.dispatch.rider.service.OfferService;
import coop.dispatch.rider.service.ShiftService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** What a rider's phone does for its own rider: go online and offline, report positions, list offers and jobs. */
@Path("/api/v1/riders/me")
@Tag(name = "Riders")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed(Roles.RIDER)
public class RiderResource {
    private final MemberService members;
    private final ShiftService shifts;
    private final OfferService offers;
    private final JobService jobs;
    private final EarningsService earnings;
    private final LocationTrail trail;
    private final DispatchClient dispatch;
    private final CurrentMember me;
    private final JsonWebToken token;

    public RiderResource(MemberService members, ShiftService shifts, OfferService offers, JobService jobs,
                         EarningsService earnings, LocationTrail trail, DispatchClient dispatch, CurrentMember me,
                         JsonWebToken token) {
        this.members = members;
        this.shifts = shifts;
        this.offers = offers;
        this.jobs = jobs;
        this.earnings = earnings;
        this.trail = trail;
        this.dispatch = dispatch;
        this.me = me;
        this.token = token;
    }

    @GET
    @Operation(summary = "Your profile, and your shift if you are online")
    public RiderProfileView profile() {
        UUID id = me.id();
        return RiderProfileView.of(members.activeMember(id), shifts.openShift(id).orElse(null));
    }

    @POST
    @Path("shift")
    @Operation(summary = "Go online (201); if you already are, your open shift is returned (200)")
    public Response startShift(@NotNull @Valid ShiftRequest request) {
        ShiftService.StartedShift started = shifts.start(me.id(), request.location());
        return Response.status(started.started() ? Response.Status.CREATED : Response.Status.OK)
                .entity(started.shift()).build();
    }

    @DELETE
    @Path("shift")
    @Operation(summary = "Go offline; refused while you carry a job, harmless if you are already offline")
    public Response endShift() {
        shifts.end(me.id());
        return Response.noContent().build();
    }

    @POST
    @Path("location")
    @Operation(summary = "Report your positions (1 to 100 a batch) while online; the latest one is passed on to "
            + "dispatch, all are kept for the retention limit only")
    public Response location(@NotNull @Valid LocationReport report) {
        return Response.accepted(shifts.report(me.id(), report.points())).build();
    }

    @GET
    @Path("locations")
    @Operation(summary = "The positions of yours still kept, newest first")
    public List<TrailPoint> locations(@QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return trail.trail(me.id(), limit);
    }

    @GET
    @Path("earnings")
    @Operation(summary = "Your pay from delivered jobs: today, this week, the last weeks, by shift and by job")
    public EarningsView earnings(@QueryParam("weeks") @DefaultValue("4") @Min(1) @Max(53) int weeks) {
        return earnings.earnings(me.id(), weeks);
    }

    @GET
    @Path("queue")
    @Operation(summary = "Your place in the rotation, as dispatch reports it; 404 while it is not available")
    public JsonNode queue() {
        return dispatch.positionOf(me.id(), token.getRawToken()).orElseThrow(() ->
                new ApiException(404, "Not found", "Your place in the queue is not available right now"));
    }

    @GET
    @Path("route")
    @Operation(summary = "The street route for your vehicle between two points (from dispatch's router): distance, "
            + "duration and a GeoJSON line; 404 when it cannot be routed right now")
    public JsonNode route(@QueryParam("from") String from, @QueryParam("to") String to) {
        GeoPoint a = GeoPoints.parse("from", from);
        GeoPoint b = GeoPoints.parse("to", to);
        Vehicle vehicle = members.activeMember(me.id()).vehicle;
        return dispatch.route(a.lat(), a.lon(), b.lat(), b.lon(), vehicle == null ? Vehicle.BIKE : vehicle, token.getRawToken())
                .orElseThrow(() -> new ApiException(404, "Not found", "No route between these points right now"));
    }

    @GET
    @Path("offers")
    @Operation(summary = "Offers you can still answer, with the seconds left")
    public List<OfferView> offers() {
        return offers.openOffers(me.id());
    }

    @GET
    @Path("jobs")
    @Operation(summary = "Your jobs: those in progress first, then the latest delivered ones")
    public List<JobView> jobs(@QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        return jobs.jobs(me.id(), limit);
    }
}
