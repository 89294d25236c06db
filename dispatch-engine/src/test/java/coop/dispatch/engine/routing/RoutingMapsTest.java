package coop.dispatch.engine.routing;

import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.Vehicle;
import coop.dispatch.engine.Leg;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two cities served by one deployment: the real Heidelberg and Prague extracts (shared/osm). */
class RoutingMapsTest {
    static final GeoPoint BISMARCKPLATZ = BikeRoutingTest.BISMARCKPLATZ;
    static final GeoPoint HAUPTBAHNHOF = BikeRoutingTest.HAUPTBAHNHOF;
    /** Two street points in northern Prague (Kobylisy and Prosek), inside the prague-small extract. */
    static final GeoPoint KOBYLISY = new GeoPoint(50.1245, 14.4700);
    static final GeoPoint PROSEK = new GeoPoint(50.1190, 14.4990);
    static RoutingMaps maps;

    @BeforeAll
    static void load() {
        Path dir = Path.of(System.getProperty("coop.osm.dir", "../../shared/osm"));
        maps = new RoutingMaps(List.of(
                BikeRouting.load(dir.resolve("heidelberg.test.pbf"), Path.of("target/graph-heidelberg"),
                        System.out::println),
                BikeRouting.load(dir.resolve("prague-small.osm.pbf"), Path.of("target/graph-prague-small"),
                        System.out::println)));
    }

    @AfterAll
    static void close() {
        maps.close();
    }

    @Test
    void eachPointBelongsToItsCitysMap() {
        assertEquals("heidelberg.test", maps.mapFor(BISMARCKPLATZ).orElseThrow().name());
        assertEquals("prague-small", maps.mapFor(KOBYLISY).orElseThrow().name());
        assertTrue(maps.mapFor(new GeoPoint(41.15, -8.61)).isEmpty(), "Porto is on neither map");
    }

    @Test
    void aPickupIsReachedOnlyByTheRidersOfItsCity() {
        UUID heidelbergRider = UUID.randomUUID();
        UUID pragueRider = UUID.randomUUID();
        Map<UUID, GeoPoint> riders = Map.of(heidelbergRider, HAUPTBAHNHOF, pragueRider, PROSEK);

        Map<UUID, Leg> inPrague = maps.toPickup(KOBYLISY, Vehicle.BIKE, riders, Duration.ofHours(3));
        Map<UUID, Leg> inHeidelberg = maps.toPickup(BISMARCKPLATZ, Vehicle.BIKE, riders, Duration.ofHours(3));

        assertEquals(Set.of(pragueRider), inPrague.keySet());
        assertEquals(Set.of(heidelbergRider), inHeidelberg.keySet());
        assertTrue(inPrague.get(pragueRider).seconds() > 60, inPrague.toString());
    }

    @Test
    void routesStayWithinOneCity() {
        RouteResult prague = maps.route(KOBYLISY, PROSEK, Vehicle.BIKE);
        assertTrue(prague.distanceMeters() > 2000 && prague.distanceMeters() < 6000, prague.toString());
        assertThrows(OffTheMapException.class, () -> maps.route(BISMARCKPLATZ, KOBYLISY, Vehicle.BIKE));
        assertThrows(OffTheMapException.class, () -> maps.route(new GeoPoint(41.15, -8.61), KOBYLISY,
                Vehicle.BIKE));
    }
}
