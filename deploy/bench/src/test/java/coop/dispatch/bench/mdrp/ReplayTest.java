package coop.dispatch.bench.mdrp;

import coop.dispatch.engine.DeclineRule;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayTest {
    static final Policies.Settings SETTINGS = Policies.Settings.defaults();

    private static SolutionChecker.Result feasible(MdrpInstance instance, Replay.Result r) {
        SolutionChecker.Result check = SolutionChecker.check(instance, r.solution());
        assertTrue(check.feasible(), r.policy() + " on " + instance.name() + ": " + check.summary());
        return check;
    }

    @Test
    void everyPolicyWritesFeasibleSolutionsOnRandomInstances() {
        for (long seed = 1; seed <= 3; seed++) {
            MdrpInstance instance = TinyInstance.random(seed, 30, 80, 400);
            for (DispatchPolicy policy : Policies.all(SETTINGS)) {
                Replay.Result r = Replay.run(instance, policy, Replay.Options.defaults());
                feasible(instance, r);
                assertEquals(instance.orders().size(), r.solution().orders().size());
            }
        }
    }

    @Test
    void tinyInstanceByHand() {
        MdrpInstance instance = TinyInstance.instance();
        Replay.Result r = Replay.run(instance, Policies.select(SETTINGS, "NEAREST").get(0), Replay.Options.defaults());
        feasible(instance, r);
        Solution s = r.solution();
        // o1 at 0: c1 (5 min from r1) leaves at once, is at r1 at 5, picks up when ready at 10, leaves at 12,
        // at o1 (10 min) at 22, drops off at 24
        Solution.OrderRow o1 = s.orders().get(0);
        assertEquals("c1", o1.courier());
        assertEquals(10, o1.pickupTime());
        assertEquals(24, o1.dropoffTime());
        // o2 at 2: c1 is on a trip, c2 reaches r1 in 12 min (1118 m / 100): picks up at 2 + 12 + 2 = 16
        Solution.OrderRow o2 = s.orders().get(1);
        assertEquals("c2", o2.courier());
        assertEquals(16, o2.pickupTime());
        // o4 comes after every shift: never delivered
        Solution.OrderRow o4 = s.orders().get(3);
        assertNull(o4.courier());
        assertTrue(Double.isNaN(o4.pickupTime()) && Double.isNaN(o4.dropoffTime()));
        assertEquals(List.of("c1 0 0 r1", "c1 12 r1 o1"), s.moves().stream().filter(m -> m.courier().equals("c1"))
                .limit(2).map(m -> m.courier() + " " + SolutionFiles.time(m.departureTime()) + " " + m.origin() + " "
                        + m.destination()).toList());
    }

    @Test
    void bundlingKeepsOneRestaurantPerTripAndDeliversMoreWhenBusy() {
        MdrpInstance busy = TinyInstance.random(7, 6, 30, 600);
        Replay.Result single = Replay.run(busy, Policies.select(SETTINGS, "LOWEST_EARNINGS_PER_HOUR").get(0),
                Replay.Options.defaults());
        Replay.Result bundled = Replay.run(busy, Policies.select(SETTINGS, "LOWEST_EARNINGS_PER_HOUR_BUNDLE3").get(0),
                Replay.Options.defaults());
        feasible(busy, single);
        feasible(busy, bundled);
        assertTrue(bundled.counters().bundledOrders() > 0);
        assertTrue(bundled.solution().assignments().stream().anyMatch(a -> a.orders().size() > 1));
        assertTrue(bundled.solution().assignments().stream().allMatch(a -> a.orders().size() <= 3));
        assertTrue(Figures.of(busy, bundled.solution()).ordersDelivered()
                > Figures.of(busy, single.solution()).ordersDelivered());
    }

    @Test
    void declinesAreSeededAndReofferedToTheNext() {
        MdrpInstance instance = TinyInstance.random(3, 30, 80, 400);
        for (DispatchPolicy policy : Policies.all(new Policies.Settings(15, 15, DeclineRule.BACK_OF_QUEUE, 3, 5,
                FairSharePolicy.Config.defaults()))) {
            Replay.Result a = Replay.run(instance, policy, new Replay.Options(0.3, 42));
            Replay.Result b = Replay.run(instance, policy, new Replay.Options(0.3, 42));
            feasible(instance, a);
            assertTrue(a.counters().declines() > 0);
            assertTrue(a.counters().offers() > a.counters().declines());
            assertEquals(a.solution(), b.solution(), "same seed, same replay");
        }
    }

    @Test
    void leavingBusyCouriersOutOfTheEngineCallChangesNothing() {
        MdrpInstance instance = TinyInstance.random(11, 30, 80, 400);
        for (DispatchPolicy policy : Policies.all(SETTINGS)) {
            Replay.Result filtered = Replay.run(instance, policy, new Replay.Options(0.1, 5, false));
            Replay.Result all = Replay.run(instance, policy, new Replay.Options(0.1, 5, true));
            assertEquals(all.solution(), filtered.solution(), policy.name());
        }
    }

    @Test
    void fairSharePolicyIsFairerThanNearestOnRandomInstances() {
        double nearest = 0;
        double fair = 0;
        for (long seed = 1; seed <= 3; seed++) {
            MdrpInstance instance = TinyInstance.random(seed, 30, 80, 400);
            nearest += Figures.of(instance, Replay.run(instance, Policies.select(SETTINGS, "NEAREST").get(0),
                    Replay.Options.defaults()).solution()).shareAdjustedGini();
            fair += Figures.of(instance, Replay.run(instance, Policies.select(SETTINGS, "FAIR_SHARE").get(0),
                    Replay.Options.defaults()).solution()).shareAdjustedGini();
        }
        assertTrue(fair < nearest, "FAIR_SHARE " + fair / 3 + " vs NEAREST " + nearest / 3);
    }

    @Test
    void couriersSentToWaitNearerTheDemandStillWriteFeasibleSolutions() {
        MdrpInstance instance = TinyInstance.random(5, 30, 80, 400);
        FairSharePolicy policy = new FairSharePolicy("FAIR_SHARE_RELOCATING",
                Policies.rules(SETTINGS, coop.dispatch.engine.RotationKey.LOWEST_EARNINGS_PER_HOUR, 1),
                FairSharePolicy.Config.defaults().with("relocateBeyondMinutes=5"));
        Replay.Result r = Replay.run(instance, policy, Replay.Options.defaults());
        feasible(instance, r);
        assertTrue(r.counters().relocations() > 0);
        // a relocation is a move to a restaurant that no assignment picks up at
        assertTrue(r.solution().moves().size() > r.solution().assignments().size()
                + r.solution().orders().stream().filter(Solution.OrderRow::delivered).count());
    }

    @Test
    void unknownPolicyNameIsRefused() {
        assertFalse(Policies.all(SETTINGS).isEmpty());
        try {
            Policies.select(SETTINGS, "RANDOM");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("FAIR_SHARE"));
            return;
        }
        throw new AssertionError("expected a refusal");
    }
}
