package coop.dispatch.bench.mdrp;

import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.Vehicle;
import coop.dispatch.engine.Decision;
import coop.dispatch.engine.FairRotation;
import coop.dispatch.engine.JobRequest;
import coop.dispatch.engine.Leg;
import coop.dispatch.engine.RiderSnapshot;
import coop.dispatch.engine.RotationKey;
import coop.dispatch.engine.StraightLineTravelTimes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanarTravelTimesTest {
    final PlanarTravelTimes travel = new PlanarTravelTimes(320);

    @Test
    void wholeMinutesRoundedUpExactly() {
        assertEquals(0, travel.minutes(5, 5, 5, 5));
        assertEquals(1, travel.minutes(0, 0, 320, 0));
        assertEquals(2, travel.minutes(0, 0, 321, 0));
        assertEquals(5, travel.minutes(0, 0, 960, 1280));  // 3-4-5: exactly 1600 m, exactly 5 minutes
        assertEquals(6, travel.minutes(0, 0, 960, 1281));
    }

    @Test
    void engineSeesTheSameMinutesThroughGeoPoints() {
        GeoPoint restaurant = travel.geo(10_000, 7_000);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        Map<UUID, Leg> legs = travel.toPickup(restaurant, Vehicle.BIKE, Map.of(
                a, travel.geo(10_000 + 960, 7_000 + 1280),     // 1600 m: 5 min
                b, travel.geo(10_000, 7_000 + 4_801),          // 15.003 min: 16 min, beyond a 15 min limit
                c, travel.geo(10_000, 7_000 + 4_800)), Duration.ofMinutes(15));  // exactly 15 min
        assertEquals(300, legs.get(a).seconds());
        assertEquals(1600, legs.get(a).meters(), 1e-9);
        assertEquals(900, legs.get(c).seconds());
        assertTrue(!legs.containsKey(b));
    }

    @Test
    void oneMetreOfPlaneIsAboutOneMetreForTheEnginesHaversine() {
        // the engine's bundle radius check uses haversine on our GeoPoints
        double m = StraightLineTravelTimes.haversineMeters(travel.geo(3_000, 12_000), travel.geo(3_300, 12_400));
        assertEquals(500, m, 0.01);
    }

    @Test
    void fairRotationDecidesWithInstanceTravelTimes() {
        FairRotation rotation = new FairRotation(travel);
        Instant now = Replay.instant(100);
        RiderSnapshot near = RiderSnapshot.free(UUID.randomUUID(), Vehicle.BIKE, travel.geo(0, 320), now);
        RiderSnapshot waiting = RiderSnapshot.free(UUID.randomUUID(), Vehicle.BIKE, travel.geo(0, 3200),
                now.minusSeconds(600));
        RiderSnapshot far = RiderSnapshot.free(UUID.randomUUID(), Vehicle.BIKE, travel.geo(0, 6400),
                now.minusSeconds(1200));
        JobRequest job = new JobRequest(UUID.randomUUID(), travel.geo(0, 0), travel.geo(1000, 0), 1000);
        Decision d = rotation.decide(job, List.of(near, waiting, far), Set.of(),
                Policies.rules(Policies.Settings.defaults(), RotationKey.LONGEST_WAITING, 1), now);
        assertEquals(List.of(waiting.riderId(), near.riderId()),
                d.candidates().stream().map(Decision.Candidate::riderId).toList());
        assertEquals(Decision.Reason.PICKUP_TOO_FAR, d.excluded().get(0).reason());  // 20 min > 15 min
    }
}
