package coop.dispatch.engine.routing;

import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.Vehicle;
import coop.dispatch.engine.Leg;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** On the real Heidelberg extract (shared/osm), imported once into target/. */
class BikeRoutingTest {
    static final GeoPoint BISMARCKPLATZ = new GeoPoint(49.40935, 8.69290);
    static final GeoPoint HAUPTBAHNHOF = new GeoPoint(49.40368, 8.67586);
    static BikeRouting routing;

    @BeforeAll
    static void load() {
        Path osm = Path.of(System.getProperty("coop.osm.dir", "../../shared/osm")).resolve("heidelberg.test.pbf");
        routing = BikeRouting.load(osm, Path.of("target/graph-heidelberg"), System.out::println);
    }

    @AfterAll
    static void close() {
        routing.close();
    }

    @Test
    void aKnownRouteHasARealisticLengthAndTime() {
        RouteResult route = routing.route(BISMARCKPLATZ, HAUPTBAHNHOF, Vehicle.BIKE);
        // 1.38 km as the crow flies; by bike along Kurfürsten-Anlage about 1.5–1.9 km, 5–9 minutes.
        assertTrue(route.distanceMeters() > 1_400 && route.distanceMeters() < 2_200, "distance " + route.distanceMeters());
        assertTrue(route.durationSeconds() > 240 && route.durationSeconds() < 600, "time " + route.durationSeconds());
        assertTrue(route.points().size() > 2);
        assertEquals(BISMARCKPLATZ.lat(), route.points().get(0).lat(), 0.002);
    }

    @Test
    void vehiclesDifferInSpeed() {
        RouteResult bike = routing.route(BISMARCKPLATZ, HAUPTBAHNHOF, Vehicle.BIKE);
        RouteResult ebike = routing.route(BISMARCKPLATZ, HAUPTBAHNHOF, Vehicle.EBIKE);
        RouteResult cargo = routing.route(BISMARCKPLATZ, HAUPTBAHNHOF, Vehicle.CARGO_BIKE);
        assertTrue(ebike.durationSeconds() < bike.durationSeconds(), ebike + " vs " + bike);
        assertTrue(cargo.durationSeconds() > bike.durationSeconds(), cargo + " vs " + bike);
    }

    @Test
    void pointsOffTheMapAreRefused() {
        GeoPoint atSea = new GeoPoint(43.0, 5.0);
        assertThrows(OffTheMapException.class, () -> routing.route(atSea, HAUPTBAHNHOF, Vehicle.BIKE));
        assertFalse(routing.onMap(atSea, Vehicle.BIKE));
        assertTrue(routing.toPickup(atSea, Vehicle.BIKE, Map.of(UUID.randomUUID(), BISMARCKPLATZ),
                Duration.ofMinutes(15)).isEmpty());
    }

    /** Every vehicle, a pickup at a station forecourt and one mid-street, riders all over the inner city. */
    @ParameterizedTest
    @EnumSource(Vehicle.class)
    void thePickupSearchAgreesWithPointToPointRoutesForEveryRiderWithinTheLimit(Vehicle vehicle) {
        Random random = new Random(7);
        Map<UUID, GeoPoint> riders = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            riders.put(UUID.randomUUID(), new GeoPoint(49.395 + random.nextDouble() * 0.03,
                    8.66 + random.nextDouble() * 0.05));
        }
        Duration limit = Duration.ofMinutes(10);
        int checked = 0;
        int beyond = 0;
        for (GeoPoint pickup : List.of(BISMARCKPLATZ, HAUPTBAHNHOF, new GeoPoint(49.41010, 8.70440))) {
            Map<UUID, Leg> legs = routing.toPickup(pickup, vehicle, riders, limit);
            for (Map.Entry<UUID, GeoPoint> rider : riders.entrySet()) {
                if (!routing.onMap(rider.getValue(), vehicle)) {
                    assertNull(legs.get(rider.getKey()), "off the map: " + rider.getValue());
                    continue;
                }
                RouteResult direct = routing.route(rider.getValue(), pickup, vehicle);
                Leg leg = legs.get(rider.getKey());
                String what = vehicle + " from " + rider.getValue() + " to " + pickup;
                if (direct.durationSeconds() <= limit.toSeconds() - 5) {
                    assertNotNull(leg, what + " is " + direct.durationSeconds() + " s away");
                    assertEquals(direct.durationSeconds(), leg.seconds(), 3, "time " + what);
                    assertEquals(direct.distanceMeters(), leg.meters(), 15, "distance " + what);
                    checked++;
                } else if (direct.durationSeconds() > limit.toSeconds() + 5) {
                    assertNull(leg, what + " is beyond the limit: " + direct.durationSeconds() + " s");
                    beyond++;
                }
            }
        }
        assertTrue(checked > 200, "riders within the limit: " + checked);
        assertTrue(beyond > 30, "riders beyond the limit: " + beyond);
    }
}
