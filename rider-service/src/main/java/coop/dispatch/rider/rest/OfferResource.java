package coop.dispatch.rider.rest;

import coop.dispatch.commons.security.Roles;
import coop.dispatch.rider.service.OfferService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/** A rider answers an offer. 202: the dispatcher confirms an acceptance by assigning the delivery. */
@Path("/api/v1/offers")
@Tag(name = "Offers")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed(Roles.RIDER)
public class OfferResource {
    private final OfferService offers;
    private final CurrentMember me;

    public OfferResource(OfferService offers, CurrentMember me) {
        this.offers = offers;
        this.me = me;
    }

    @POST
    @Path("{id}/accept")
    @Operation(summary = "Accept an open offer made to you")
    public Response accept(@PathParam("id") UUID id) {
        return Response.accepted(offers.accept(me.id(), id)).build();
    }

    @POST
    @Path("{id}/decline")
    @Operation(summary = "Decline an open offer made to you; no penalty beyond what the assembly's policy says")
    public Response decline(@PathParam("id") UUID id) {
        return Response.accepted(offers.decline(me.id(), id)).build();
    }
}
