package coop.dispatch.merchant.rest;

import coop.dispatch.commons.security.Roles;
import coop.dispatch.merchant.ApiClient;
import coop.dispatch.merchant.Merchant;
import coop.dispatch.merchant.service.MerchantService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Coordinators manage merchants and their API clients. */
@Path("/api/v1/merchants")
@Tag(name = "Merchants (coordinators)")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed(Roles.COORDINATOR)
public class MerchantResource {
    private final MerchantService merchants;

    public MerchantResource(MerchantService merchants) {
        this.merchants = merchants;
    }

    @POST
    @Operation(summary = "Create a merchant")
    public Response create(@NotNull @Valid NewMerchant request, UriInfo uri) {
        Merchant m = merchants.createMerchant(request.name());
        return Response.created(uri.getAbsolutePathBuilder().path(m.id.toString()).build())
                .entity(MerchantView.of(m)).build();
    }

    @GET
    @Operation(summary = "List merchants")
    public List<MerchantView> list() {
        return merchants.merchants().stream().map(MerchantView::of).toList();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Read a merchant")
    public MerchantView get(@PathParam("id") UUID id) {
        return MerchantView.of(merchants.merchant(id));
    }

    @POST
    @Path("{id}/api-clients")
    @Operation(summary = "Create API client credentials; the secret is shown only in this answer")
    public Response createClient(@PathParam("id") UUID id, @NotNull @Valid NewClient request) {
        MerchantService.NewClient created = merchants.createClient(id, request.name());
        return Response.status(Response.Status.CREATED)
                .entity(new ClientSecretView(created.client().clientId, created.secret(), created.client().name,
                        created.client().createdAt))
                .build();
    }

    @GET
    @Path("{id}/api-clients")
    @Operation(summary = "List a merchant's API clients (never their secrets)")
    public List<ClientView> clients(@PathParam("id") UUID id) {
        return merchants.clients(id).stream().map(ClientView::of).toList();
    }

    @DELETE
    @Path("{id}/api-clients/{clientId}")
    @Operation(summary = "Revoke an API client: new tokens are refused and issued ones stop working")
    public ClientView revoke(@PathParam("id") UUID id, @PathParam("clientId") String clientId) {
        return ClientView.of(merchants.revoke(id, clientId));
    }

    public record NewMerchant(@NotBlank @Size(max = 200) String name) {
    }

    public record NewClient(@NotBlank @Size(max = 200) String name) {
    }

    public record MerchantView(UUID id, String name, Instant createdAt) {
        static MerchantView of(Merchant m) {
            return new MerchantView(m.id, m.name, m.createdAt);
        }
    }

    public record ClientView(String clientId, String name, Instant createdAt, Instant revokedAt) {
        static ClientView of(ApiClient c) {
            return new ClientView(c.clientId, c.name, c.createdAt, c.revokedAt);
        }
    }

    public record ClientSecretView(String clientId, String clientSecret, String name, Instant createdAt) {
    }
}
