package coop.dispatch.rider.rest;

import coop.dispatch.commons.security.Roles;
import coop.dispatch.rider.service.JobService;
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
    private final CurrentMember me;

    public RiderResource(MemberService members, ShiftService shifts, OfferService offers, JobService jobs,
                         CurrentMember me) {
        this.members = members;
        this.shifts = shifts;
        this.offers = offers;
        this.jobs = jobs;
        this.me = me;
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
    @Operation(summary = "Report your positions while online; the latest one is passed on to dispatch")
    public Response location(@NotNull @Valid LocationReport report) {
        shifts.report(me.id(), report.points());
        return Response.accepted().build();
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
