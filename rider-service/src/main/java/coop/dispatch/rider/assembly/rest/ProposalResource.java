package coop.dispatch.rider.assembly.rest;

import coop.dispatch.commons.security.Roles;
import coop.dispatch.rider.assembly.Proposal;
import coop.dispatch.rider.assembly.ProposalStatus;
import coop.dispatch.rider.assembly.service.ImpactService;
import coop.dispatch.rider.assembly.service.ProposalService;
import coop.dispatch.rider.rest.CurrentMember;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/**
 * The rider assembly's proposals: members propose whole policy documents and vote on them; everyone of the
 * cooperative (riders, members, coordinators) can read them, their impact and their results.
 */
@Path("/api/v1/assembly/proposals")
@Tag(name = "Rider assembly")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed({Roles.MEMBER, Roles.RIDER, Roles.COORDINATOR})
public class ProposalResource {
    private final ProposalService proposals;
    private final ImpactService impacts;
    private final CurrentMember me;

    public ProposalResource(ProposalService proposals, ImpactService impacts, CurrentMember me) {
        this.proposals = proposals;
        this.impacts = impacts;
        this.me = me;
    }

    @POST
    @RolesAllowed(Roles.MEMBER)
    @Operation(summary = "Propose a new version of a policy (members); an invalid document is refused with 422 and "
            + "every problem in errors[]")
    public Response propose(@NotNull @Valid NewProposal request, UriInfo uri) {
        Proposal p = proposals.propose(me.id(), request);
        return Response.created(uri.getAbsolutePathBuilder().path(p.id.toString()).build())
                .entity(proposals.view(me.id(), p.id)).build();
    }

    @GET
    @Operation(summary = "Proposals, newest first, with what each changes")
    public List<ProposalView> list(@QueryParam("status") ProposalStatus status,
                                   @QueryParam("kind") @Pattern(regexp = "pricing|dispatch|assembly",
                                           message = "must be pricing, dispatch or assembly") String kind,
                                   @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        return proposals.list(me.id(), status, kind, limit);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A proposal: its document, its changes, turnout, and once closed the totals and result")
    public ProposalView get(@PathParam("id") UUID id) {
        return proposals.view(me.id(), id);
    }

    @GET
    @Path("{id}/impact")
    @Operation(summary = "The proposal replayed on recent real data, against the current version")
    public ImpactView impact(@PathParam("id") UUID id) {
        return impacts.impact(proposals.proposal(id));
    }

    @PUT
    @Path("{id}/vote")
    @RolesAllowed(Roles.MEMBER)
    @Operation(summary = "Cast or replace your secret ballot (YES, NO or ABSTAIN) until the proposal closes")
    public VoteReceipt vote(@PathParam("id") UUID id, @NotNull @Valid VoteRequest request) {
        return proposals.vote(me.id(), id, request.choice());
    }
}
