package coop.dispatch.merchant.rest;

import com.fasterxml.jackson.databind.JsonNode;
import coop.dispatch.commons.security.Roles;
import coop.dispatch.merchant.ServiceZone;
import coop.dispatch.merchant.service.GeoJson;
import coop.dispatch.merchant.service.CityDirectory;
import coop.dispatch.merchant.service.MerchantService;
import coop.dispatch.merchant.service.ZoneService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Service zones: coordinators draw them (GeoJSON), merchants may read them to know where the coop delivers. */
@Path("/api/v1/zones")
@Tag(name = "Service zones")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed(Roles.COORDINATOR)
public class ZoneResource {
    private final ZoneService zones;
    private final MerchantService merchants;
    private final CityDirectory cities;
    private final JsonWebToken token;

    public ZoneResource(ZoneService zones, MerchantService merchants, CityDirectory cities, JsonWebToken token) {
        this.zones = zones;
        this.merchants = merchants;
        this.cities = cities;
        this.token = token;
    }

    @POST
    @Operation(summary = "Add a zone (GeoJSON Polygon or MultiPolygon, or a Feature of one; [lon, lat] order)")
    @RequestBody(content = @Content(mediaType = "application/json",
            examples = @ExampleObject(name = "Heidelberg", value = ApiExamples.ZONE_REQUEST)))
    public Response create(@NotNull @Valid ZoneRequest request, UriInfo uri) {
        ServiceZone z = zones.create(request.name(), request.city(), GeoJson.area(request.area(), "area"));
        return Response.created(uri.getAbsolutePathBuilder().path(z.id.toString()).build()).entity(ZoneView.of(z))
                .build();
    }

    @GET
    @RolesAllowed({Roles.COORDINATOR, Roles.MERCHANT})
    @Operation(summary = "Every zone, as GeoJSON MultiPolygons; a merchant sees those of its own city",
            description = "Coordinators may filter with ?city=<key>.")
    public List<ZoneView> list(@QueryParam("city") String city) {
        String only = token.getGroups().contains(Roles.COORDINATOR)
                ? (city == null || city.isBlank() ? null : cities.key("city", city))
                : merchants.cityOf(merchants.activeMerchant(token.getClaim(MerchantService.CLIENT_CLAIM)));
        return zones.list(only).stream().map(ZoneView::of).toList();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.COORDINATOR, Roles.MERCHANT})
    @Operation(summary = "One zone")
    public ZoneView get(@PathParam("id") UUID id) {
        return ZoneView.of(zones.get(id));
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Replace a zone's name and area")
    public ZoneView update(@PathParam("id") UUID id, @NotNull @Valid ZoneRequest request) {
        return ZoneView.of(zones.update(id, request.name(), request.city(), GeoJson.area(request.area(), "area")));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Remove a zone; deliveries already accepted are not affected")
    public Response delete(@PathParam("id") UUID id) {
        zones.delete(id);
        return Response.noContent().build();
    }

    /** @param city a configured city key (coop.cities.&lt;key&gt;); absent: the default city (on update: unchanged) */
    public record ZoneRequest(@NotBlank @Size(max = 200) String name, @Size(max = 100) String city,
                              @NotNull JsonNode area) {
    }

    public record ZoneView(UUID id, String name, String city, JsonNode area, Instant createdAt, Instant updatedAt) {
        static ZoneView of(ServiceZone z) {
            return new ZoneView(z.id, z.name, z.city, GeoJson.toJson(z.area), z.createdAt, z.updatedAt);
        }
    }
}
