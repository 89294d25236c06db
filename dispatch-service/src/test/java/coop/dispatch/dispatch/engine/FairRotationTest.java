package coop.dispatch.dispatch.engine;

import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.Vehicle;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FairRotationTest {
    static final GeoPoint BISMARCKPLATZ = new GeoPoint(49.4093, 8.6929);
    static final Instant T0 = Instant.parse("2026-11-29T11:00:00Z");
    static final DispatchRules RULES = new DispatchRules("test-1", RotationKey.LONGEST_WAITING,
            Duration.ofMinutes(10), Duration.ofSeconds(60), Duration.ofMinutes(15),
            Map.of(Vehicle.BIKE, 8_000, Vehicle.EBIKE, 15_000, Vehicle.CARGO_BIKE, 100_000));

    final FairRotation rotation = new FairRotation(new StraightLineTravelTimes(15, 1.3));

    static RiderSnapshot rider(String name, double metersNorth, Instant waitingSince) {
        return rider(name, metersNorth, waitingSince, Vehicle.BIKE);
    }

    static RiderSnapshot rider(String name, double metersNorth, Instant waitingSince, Vehicle vehicle) {
        GeoPoint at = new GeoPoint(BISMARCKPLATZ.lat() + metersNorth / 111_195.0, BISMARCKPLATZ.lon());
        return new RiderSnapshot(id(name), true, vehicle, at, waitingSince, false, false);
    }

    static UUID id(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes());
    }

    static JobRequest job(int grams) {
        return new JobRequest(id("job"), BISMARCKPLATZ, new GeoPoint(49.40, 8.68), grams);
    }

    @Test
    void longestWaitingGoesFirstWhateverTheDistance() {
        RiderSnapshot near = rider("near", 100, T0.plusSeconds(600));
        RiderSnapshot far = rider("far", 1500, T0);
        RiderSnapshot middle = rider("middle", 700, T0.plusSeconds(300));

        Decision d = rotation.decide(job(1000), List.of(near, far, middle), Set.of(), RULES);

        assertEquals(List.of(id("far"), id("middle"), id("near")),
                d.candidates().stream().map(Decision.Candidate::riderId).toList());
        assertEquals(1, d.candidates().get(0).position());
        assertEquals(1950, d.candidates().get(0).pickupMeters(), 5, "1500 m straight line × detour 1.3");
        assertTrue(d.excluded().isEmpty());
    }

    @Test
    void everyRiderLeftOutHasItsReason() {
        RiderSnapshot offline = new RiderSnapshot(id("offline"), false, Vehicle.BIKE, BISMARCKPLATZ, T0, false, false);
        RiderSnapshot busy = new RiderSnapshot(id("busy"), true, Vehicle.BIKE, BISMARCKPLATZ, T0, true, false);
        RiderSnapshot asked = new RiderSnapshot(id("asked"), true, Vehicle.BIKE, BISMARCKPLATZ, T0, false, true);
        RiderSnapshot declined = rider("declined", 10, T0);
        RiderSnapshot tooSmall = rider("small", 10, T0);
        RiderSnapshot tooFar = rider("far", 4_000, T0, Vehicle.CARGO_BIKE);
        RiderSnapshot cargo = rider("cargo", 200, T0.plusSeconds(900), Vehicle.CARGO_BIKE);

        Decision d = rotation.decide(job(12_000),
                List.of(offline, busy, asked, declined, tooSmall, tooFar, cargo), Set.of(id("declined")), RULES);

        assertEquals(List.of(id("cargo")), d.candidates().stream().map(Decision.Candidate::riderId).toList());
        Map<UUID, Decision.Reason> reasons = new java.util.HashMap<>();
        d.excluded().forEach(e -> reasons.put(e.riderId(), e.reason()));
        assertEquals(Map.of(
                id("offline"), Decision.Reason.OFFLINE,
                id("busy"), Decision.Reason.ON_A_JOB,
                id("asked"), Decision.Reason.ANSWERING_ANOTHER_OFFER,
                id("declined"), Decision.Reason.ALREADY_OFFERED_THIS_JOB,
                id("small"), Decision.Reason.VEHICLE_TOO_SMALL,
                id("far"), Decision.Reason.PICKUP_TOO_FAR), reasons);
    }

    @Test
    void nobodyEligibleGivesAnEmptyQueue() {
        Decision d = rotation.decide(job(500), List.of(rider("far", 5_000, T0)), Set.of(), RULES);
        assertTrue(d.first().isEmpty());
        assertEquals(Decision.Reason.PICKUP_TOO_FAR, d.excluded().get(0).reason());
    }

    @Test
    void equalWaitingTimesAreOrderedTheSameWayEveryTime() {
        List<RiderSnapshot> riders = List.of(rider("a", 10, T0), rider("b", 20, T0), rider("c", 30, T0));
        Decision once = rotation.decide(job(500), riders, Set.of(), RULES);
        Decision again = rotation.decide(job(500), List.of(riders.get(2), riders.get(0), riders.get(1)), Set.of(),
                RULES);
        assertEquals(once.candidates().stream().map(Decision.Candidate::riderId).toList(),
                again.candidates().stream().map(Decision.Candidate::riderId).toList());
    }
}
