package coop.dispatch.rider.assembly.rest;

import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.commons.security.Roles;
import coop.dispatch.rider.assembly.PolicyKind;
import coop.dispatch.rider.assembly.service.PolicyViews;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The policies the assembly adopted: the versions in force and the history of each kind with its changes. */
@Path("/api/v1/assembly/policies")
@Tag(name = "Rider assembly")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed({Roles.MEMBER, Roles.RIDER, Roles.COORDINATOR})
public class PolicyResource {
    private final PolicyViews views;

    public PolicyResource(PolicyViews views) {
        this.views = views;
    }

    @GET
    @Operation(summary = "The version in force of every kind (pricing, dispatch, assembly), and any adopted version "
            + "waiting for its effective time")
    public List<PolicyVersionView> current() {
        return views.current();
    }

    @GET
    @Path("{kind}")
    @Operation(summary = "The version of one kind in force now")
    public PolicyVersionView inForce(@PathParam("kind") String kind) {
        return views.inForce(kind(kind));
    }

    @GET
    @Path("{kind}/versions")
    @Operation(summary = "Every version of one kind, newest first, each with its changes against the one before")
    public List<PolicyVersionView> versions(@PathParam("kind") String kind) {
        return views.history(kind(kind));
    }

    private static PolicyKind kind(String name) {
        return PolicyKind.of(name).orElseThrow(() -> ApiException.notFound("Policy kind", name));
    }
}
