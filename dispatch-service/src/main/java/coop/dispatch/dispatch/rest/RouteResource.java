package coop.dispatch.dispatch.rest;

import coop.dispatch.commons.geo.GeoPoints;
import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.commons.security.Roles;
import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.Vehicle;
import coop.dispatch.dispatch.routing.RoutingService;
import coop.dispatch.engine.routing.BikeRouting;
import coop.dispatch.engine.routing.OffTheMapException;
import coop.dispatch.engine.routing.RouteResult;
import coop.dispatch.engine.routing.RoutingMaps;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Bike routes on the coop's map: for quotes (merchant-service) and for drawing routes in the apps. */
@Path("/api/v1/routes")
@Tag(name = "Routing")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed({Roles.MERCHANT, Roles.RIDER, Roles.MEMBER, Roles.COORDINATOR})
public class RouteResource {
    private final RoutingService routing;

    public RouteResource(RoutingService routing) {
        this.routing = routing;
    }

    @GET
    @Operation(summary = "Fastest route by bike, e-bike or cargo bike: distance, duration and a GeoJSON line")
    public RouteView route(@Parameter(example = "49.4093,8.6929") @QueryParam("from") String from,
                           @Parameter(example = "49.4037,8.6759") @QueryParam("to") String to,
                           @Parameter(example = "bike") @QueryParam("profile") @DefaultValue("bike") String profile) {
        GeoPoint start = GeoPoints.parse("from", from);
        GeoPoint end = GeoPoints.parse("to", to);
        Vehicle vehicle = vehicle(profile);
        RoutingMaps engine = routing.routing().orElseThrow(() -> new ApiException(503, "Routing unavailable",
                "The bike graph is not loaded: " + routing.state()));
        try {
            RouteResult route = engine.route(start, end, vehicle);
            List<double[]> line = route.points().stream().map(p -> new double[]{p.lon(), p.lat()}).toList();
            return new RouteView(route.distanceMeters(), route.durationSeconds(), BikeRouting.profileName(vehicle),
                    Map.of("type", "LineString", "coordinates", line));
        } catch (OffTheMapException e) {
            throw ApiException.unprocessable(e.getMessage());
        }
    }

    static Vehicle vehicle(String profile) {
        return Arrays.stream(Vehicle.values()).filter(v -> BikeRouting.profileName(v).equals(profile)).findFirst()
                .orElseThrow(() -> ApiException.badRequest("profile must be one of bike, ebike, cargo_bike"));
    }

    public record RouteView(double distanceMeters, long durationSeconds, String profile, Map<String, Object> geometry) {
    }
}
