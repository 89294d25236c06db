package coop.dispatch.rider.rest;

import coop.dispatch.rider.service.MemberService;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Members log in with their username and password and get a bearer token for every CoopDispatch API. */
@Path("/api/v1/auth")
@Tag(name = "Authentication")
@PermitAll
public class AuthResource {
    private final MemberService members;
    private final JsonWebToken token;

    public AuthResource(MemberService members, JsonWebToken token) {
        this.members = members;
        this.token = token;
    }

    @POST
    @Path("login")
    @Operation(summary = "Exchange a username and password for an access token")
    public Response login(@NotNull @Valid LoginRequest request) {
        return Response.ok(members.login(request.username(), request.password()))
                .header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("refresh")
    @Authenticated
    @SecurityRequirement(name = "SecurityScheme")
    @Operation(summary = "Exchange a still valid access token for a new one (long shifts), with the member's current "
            + "roles; refused once the member is no longer active")
    public Response refresh() {
        return Response.ok(members.refresh(CurrentMember.idOf(token)))
                .header("Cache-Control", "no-store").build();
    }
}
