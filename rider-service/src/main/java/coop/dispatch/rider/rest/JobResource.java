package coop.dispatch.rider.rest;

import coop.dispatch.commons.security.Roles;
import coop.dispatch.rider.service.JobService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/** The assigned rider reports the parcel collected, then handed over. */
@Path("/api/v1/jobs")
@Tag(name = "Jobs")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed(Roles.RIDER)
public class JobResource {
    private final JobService jobs;
    private final CurrentMember me;

    public JobResource(JobService jobs, CurrentMember me) {
        this.jobs = jobs;
        this.me = me;
    }

    @POST
    @Path("{deliveryId}/pickup")
    @Operation(summary = "You collected the parcel")
    public JobView pickUp(@PathParam("deliveryId") UUID deliveryId) {
        return jobs.pickUp(me.id(), deliveryId);
    }

    @POST
    @Path("{deliveryId}/deliver")
    @Operation(summary = "You handed the parcel over")
    public JobView deliver(@PathParam("deliveryId") UUID deliveryId) {
        return jobs.deliver(me.id(), deliveryId);
    }
}
