package coop.dispatch.rider.rest;

import coop.dispatch.commons.security.Roles;
import coop.dispatch.rider.Member;
import coop.dispatch.rider.service.MemberService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** Coordinators admit members: riders, other coordinators. */
@Path("/api/v1/members")
@Tag(name = "Members (coordinators)")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed(Roles.COORDINATOR)
public class MemberResource {
    private final MemberService members;

    public MemberResource(MemberService members) {
        this.members = members;
    }

    @POST
    @Operation(summary = "Admit a member; roles default to rider and member, and a rider needs a vehicle")
    public Response create(@NotNull @Valid NewMember request, UriInfo uri) {
        Member m = members.create(request);
        return Response.created(uri.getAbsolutePathBuilder().path(m.id.toString()).build())
                .entity(MemberView.of(m)).build();
    }

    @GET
    @Operation(summary = "List the members")
    public List<MemberView> list() {
        return members.members().stream().map(MemberView::of).toList();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Read a member")
    public MemberView get(@PathParam("id") UUID id) {
        return MemberView.of(members.member(id));
    }
}
