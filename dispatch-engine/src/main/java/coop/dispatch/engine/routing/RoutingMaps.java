package coop.dispatch.engine.routing;

import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.Vehicle;
import coop.dispatch.engine.Leg;
import coop.dispatch.engine.TravelTimes;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The bike maps of every city one deployment serves, one GraphHopper graph each. A pickup is routed on the map that
 * covers it, with only the riders on that map: a rider in another city is never offered the job. A route starts and
 * ends on one map.
 */
public final class RoutingMaps implements TravelTimes, AutoCloseable {
    private final List<BikeRouting> maps;

    public RoutingMaps(List<BikeRouting> maps) {
        if (maps.isEmpty()) {
            throw new IllegalArgumentException("at least one map");
        }
        this.maps = List.copyOf(maps);
    }

    public List<BikeRouting> maps() {
        return maps;
    }

    /**
     * The map a point belongs to: among the maps whose bounding box holds it, the first where it lies near a street
     * (the boxes of neighbouring extracts may overlap), else the first whose box holds it.
     */
    public Optional<BikeRouting> mapFor(GeoPoint point) {
        if (maps.size() == 1) {
            return maps.get(0).covers(point) ? Optional.of(maps.get(0)) : Optional.empty();
        }
        BikeRouting boxOnly = null;
        for (BikeRouting map : maps) {
            if (map.covers(point)) {
                if (map.onMap(point, Vehicle.BIKE)) {
                    return Optional.of(map);
                }
                boxOnly = boxOnly == null ? map : boxOnly;
            }
        }
        return Optional.ofNullable(boxOnly);
    }

    /** The fastest route on the map of {@code from}; {@link OffTheMapException} if either end is off that map. */
    public RouteResult route(GeoPoint from, GeoPoint to, Vehicle vehicle) {
        BikeRouting map = mapFor(from).orElseThrow(() -> new OffTheMapException(String.format(
                "from (%.6f, %.6f) is on none of the loaded maps (%s)", from.lat(), from.lon(), names())));
        return map.route(from, to, vehicle);
    }

    @Override
    public Map<UUID, Leg> toPickup(GeoPoint pickup, Vehicle vehicle, Map<UUID, GeoPoint> riders, Duration limit) {
        Optional<BikeRouting> found = mapFor(pickup);
        if (found.isEmpty()) {
            return Map.of();
        }
        BikeRouting map = found.get();
        if (maps.size() == 1) {
            return map.toPickup(pickup, vehicle, riders, limit);
        }
        Map<UUID, GeoPoint> local = new HashMap<>(2 * riders.size());
        riders.forEach((id, at) -> {
            if (map.covers(at)) {
                local.put(id, at);
            }
        });
        return map.toPickup(pickup, vehicle, local, limit);
    }

    public String names() {
        return String.join(", ", maps.stream().map(BikeRouting::name).toList());
    }

    @Override
    public void close() {
        maps.forEach(BikeRouting::close);
    }
}
