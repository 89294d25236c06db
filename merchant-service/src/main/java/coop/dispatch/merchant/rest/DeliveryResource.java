package coop.dispatch.merchant.rest;

import coop.dispatch.commons.security.Roles;
import coop.dispatch.merchant.DeliveryStatus;
import coop.dispatch.merchant.service.DeliveryService;
import coop.dispatch.merchant.service.MerchantService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** A merchant's deliveries. The merchant is always the one of the token: there is no way to name another. */
@Path("/api/v1/deliveries")
@Tag(name = "Deliveries")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed(Roles.MERCHANT)
public class DeliveryResource {
    private final DeliveryService deliveries;
    private final MerchantService merchants;
    private final JsonWebToken token;

    public DeliveryResource(DeliveryService deliveries, MerchantService merchants, JsonWebToken token) {
        this.deliveries = deliveries;
        this.merchants = merchants;
        this.token = token;
    }

    @POST
    @Operation(summary = "Request a delivery; it is dispatched to a rider by rotation")
    public Response create(@NotNull @Valid DeliveryRequest request, UriInfo uri) {
        DeliveryView created = deliveries.create(merchant(), request);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
                .entity(created).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Read one of your deliveries, with its status history")
    public DeliveryView get(@PathParam("id") UUID id) {
        return deliveries.get(merchant(), id);
    }

    @GET
    @Operation(summary = "Your most recent deliveries, newest first")
    public List<DeliveryView> list(@QueryParam("status") DeliveryStatus status,
                                   @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        return deliveries.list(merchant(), status, limit);
    }

    private UUID merchant() {
        return merchants.activeMerchant(token.getClaim(MerchantService.CLIENT_CLAIM));
    }
}
