package coop.dispatch.engine;

import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.Vehicle;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FairRotationTest {
    static final GeoPoint BISMARCKPLATZ = new GeoPoint(49.4093, 8.6929);
    static final Instant T0 = Instant.parse("2026-11-29T11:00:00Z");
    static final Instant NOW = T0.plus(Duration.ofHours(2));
    static final DispatchRules RULES = new DispatchRules("test-1", RotationKey.LONGEST_WAITING,
            Duration.ofMinutes(10), Duration.ofSeconds(60), DeclineRule.KEEP_PLACE, 1, 50, Duration.ofMinutes(15),
            Map.of(Vehicle.BIKE, 8_000, Vehicle.EBIKE, 15_000, Vehicle.CARGO_BIKE, 100_000));

    final FairRotation rotation = new FairRotation(new StraightLineTravelTimes(15, 1.3));

    static GeoPoint north(double meters) {
        return new GeoPoint(BISMARCKPLATZ.lat() + meters / 111_195.0, BISMARCKPLATZ.lon());
    }

    static RiderSnapshot rider(String name, double metersNorth, Instant waitingSince) {
        return rider(name, metersNorth, waitingSince, Vehicle.BIKE);
    }

    static RiderSnapshot rider(String name, double metersNorth, Instant waitingSince, Vehicle vehicle) {
        return RiderSnapshot.free(id(name), vehicle, north(metersNorth), waitingSince);
    }

    static RiderSnapshot withHistory(String name, Instant onlineSince, Instant waitingSince, int jobs, long cents) {
        return new RiderSnapshot(id(name), true, Vehicle.BIKE, north(100), onlineSince, waitingSince, 0, null, false,
                jobs, cents);
    }

    static UUID id(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes());
    }

    static JobRequest job(int grams) {
        return new JobRequest(id("job"), BISMARCKPLATZ, new GeoPoint(49.40, 8.68), grams);
    }

    List<UUID> order(Decision d) {
        return d.candidates().stream().map(Decision.Candidate::riderId).toList();
    }

    Map<UUID, Decision.Reason> reasons(Decision d) {
        Map<UUID, Decision.Reason> reasons = new HashMap<>();
        d.excluded().forEach(e -> reasons.put(e.riderId(), e.reason()));
        return reasons;
    }

    @Test
    void longestWaitingGoesFirstWhateverTheDistance() {
        Decision d = rotation.decide(job(1000), List.of(rider("near", 100, T0.plusSeconds(600)),
                rider("far", 1500, T0), rider("middle", 700, T0.plusSeconds(300))), Set.of(), RULES, NOW);

        assertEquals(List.of(id("far"), id("middle"), id("near")), order(d));
        assertEquals(1, d.candidates().get(0).position());
        assertEquals(1950, d.candidates().get(0).pickupMeters(), 5, "1500 m straight line × detour 1.3");
        assertTrue(d.excluded().isEmpty());
    }

    @Test
    void everyRiderLeftOutHasItsReason() {
        RiderSnapshot offline = new RiderSnapshot(id("offline"), false, Vehicle.BIKE, BISMARCKPLATZ, T0, T0, 0, null,
                false, 0, 0);
        RiderSnapshot busy = new RiderSnapshot(id("busy"), true, Vehicle.BIKE, BISMARCKPLATZ, T0, T0, 1, null, false,
                1, 0);
        RiderSnapshot asked = new RiderSnapshot(id("asked"), true, Vehicle.BIKE, BISMARCKPLATZ, T0, T0, 0, null, true,
                0, 0);
        RiderSnapshot nowhere = new RiderSnapshot(id("nowhere"), true, Vehicle.CARGO_BIKE, null, T0, T0, 0, null,
                false, 0, 0);

        Decision d = rotation.decide(job(12_000), List.of(offline, busy, asked, nowhere,
                rider("declined", 10, T0, Vehicle.CARGO_BIKE), rider("small", 10, T0),
                rider("far", 4_000, T0, Vehicle.CARGO_BIKE), rider("cargo", 200, T0.plusSeconds(900),
                        Vehicle.CARGO_BIKE)), Set.of(id("declined")), RULES, NOW);

        assertEquals(List.of(id("cargo")), order(d), "a 12 kg parcel is for cargo bikes only");
        assertEquals(Map.of(
                id("offline"), Decision.Reason.OFFLINE,
                id("busy"), Decision.Reason.ON_A_JOB,
                id("asked"), Decision.Reason.ANSWERING_ANOTHER_OFFER,
                id("nowhere"), Decision.Reason.NO_LOCATION,
                id("declined"), Decision.Reason.ALREADY_OFFERED_THIS_JOB,
                id("small"), Decision.Reason.VEHICLE_TOO_SMALL,
                id("far"), Decision.Reason.PICKUP_TOO_FAR), reasons(d));
    }

    @Test
    void nobodyEligibleGivesAnEmptyQueue() {
        Decision d = rotation.decide(job(500), List.of(rider("far", 5_000, T0)), Set.of(), RULES, NOW);
        assertTrue(d.first().isEmpty());
        assertEquals(Decision.Reason.PICKUP_TOO_FAR, d.excluded().get(0).reason());
    }

    @Test
    void equalWaitingTimesAreOrderedTheSameWayEveryTime() {
        List<RiderSnapshot> riders = List.of(rider("a", 10, T0), rider("b", 20, T0), rider("c", 30, T0));
        Decision once = rotation.decide(job(500), riders, Set.of(), RULES, NOW);
        Decision again = rotation.decide(job(500), List.of(riders.get(2), riders.get(0), riders.get(1)), Set.of(),
                RULES, NOW);
        assertEquals(order(once), order(again));
    }

    @Test
    void fewestJobsRotationCountsJobsNotWaitingTime() {
        List<RiderSnapshot> riders = List.of(
                withHistory("busy-day", T0, T0, 6, 4200),
                withHistory("quiet-day", T0, NOW.minusSeconds(60), 2, 1500),
                withHistory("middle", T0, NOW.minusSeconds(600), 4, 2900));
        Decision d = rotation.decide(job(500), riders, Set.of(), RULES.withRotationKey(RotationKey.FEWEST_JOBS), NOW);
        assertEquals(List.of(id("quiet-day"), id("middle"), id("busy-day")), order(d));
        assertEquals("2 jobs this shift", d.candidates().get(0).rotationValue());
    }

    @Test
    void lowestEarningsPerHourRotationFavoursWhoIsBehind() {
        List<RiderSnapshot> riders = List.of(
                // 30.00 in 2 h = 15.00/h; 20.00 in 1 h = 20.00/h; 0 in 10 min: counted as a quarter hour, 0.00/h.
                withHistory("long-shift", T0, NOW.minusSeconds(60), 3, 3000),
                withHistory("short-shift", NOW.minusSeconds(3600), NOW.minusSeconds(1200), 2, 2000),
                withHistory("newcomer", NOW.minusSeconds(600), NOW.minusSeconds(600), 0, 0));
        Decision d = rotation.decide(job(500), riders, Set.of(),
                RULES.withRotationKey(RotationKey.LOWEST_EARNINGS_PER_HOUR), NOW);
        assertEquals(List.of(id("newcomer"), id("long-shift"), id("short-shift")), order(d));
        assertEquals("15.00 per online hour", d.candidates().get(1).rotationValue());
    }

    @Test
    void bundlingAddsAnOrderFromTheSamePickupUpToTheLimit() {
        DispatchRules bundling = new DispatchRules("bundle", RotationKey.LONGEST_WAITING, Duration.ofMinutes(10),
                Duration.ofSeconds(60), DeclineRule.KEEP_PLACE, 2, 50, Duration.ofMinutes(15), RULES.maxWeightGrams());
        RiderSnapshot atThisShop = new RiderSnapshot(id("at-shop"), true, Vehicle.BIKE, north(20), T0, T0, 1,
                north(10), false, 1, 0);
        RiderSnapshot atOtherShop = new RiderSnapshot(id("other-shop"), true, Vehicle.BIKE, north(20), T0, T0, 1,
                north(900), false, 1, 0);
        RiderSnapshot full = new RiderSnapshot(id("full"), true, Vehicle.BIKE, north(20), T0, T0, 2, north(5), false,
                2, 0);

        Decision d = rotation.decide(job(500), List.of(atThisShop, atOtherShop, full), Set.of(), bundling, NOW);
        assertEquals(List.of(id("at-shop")), order(d));
        assertTrue(d.candidates().get(0).bundled());
        assertEquals(Decision.Reason.ON_A_JOB, reasons(d).get(id("other-shop")));
        assertEquals(Decision.Reason.BUNDLE_FULL, reasons(d).get(id("full")));

        Decision noBundling = rotation.decide(job(500), List.of(atThisShop), Set.of(), RULES, NOW);
        assertFalse(noBundling.first().isPresent(), "with the limit at 1 a rider on a job gets nothing more");
    }

    @Test
    void aDeclineKeepsThePlaceOrSendsToTheBackAsThePolicySays() {
        RiderSnapshot first = rider("first", 100, T0);
        RiderSnapshot second = rider("second", 100, T0.plusSeconds(60));
        Instant declinedAt = T0.plusSeconds(600);

        for (DeclineRule rule : DeclineRule.values()) {
            RiderSnapshot afterDecline = new RiderSnapshot(first.riderId(), true, Vehicle.BIKE, first.location(), T0,
                    rule.waitingSinceAfterDecline(first.waitingSince(), declinedAt), 0, null, false, 0, 0);
            JobRequest nextJob = new JobRequest(id("next-job"), BISMARCKPLATZ, new GeoPoint(49.40, 8.68), 500);
            Decision d = rotation.decide(nextJob, List.of(afterDecline, second), Set.of(), RULES, NOW);
            List<UUID> expected = rule == DeclineRule.KEEP_PLACE ? List.of(id("first"), id("second"))
                    : List.of(id("second"), id("first"));
            assertEquals(expected, order(d), rule.name());
        }
    }
}
