package coop.dispatch.bench.mdrp;

import coop.dispatch.engine.RotationKey;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FAIR_SHARE's look-ahead at shift ends, its short-trips-first order when couriers are short, its wait for a much
 * sooner pickup and its end-of-day offers, on hand-made days.
 */
class FairSharePolicyTest {
    /** 100 m per minute, 4 minutes of service at each end (2 before and 2 after the pickup / drop-off). */
    private static final MdrpInstance.Parameters PARAMS = TinyInstance.PARAMS;

    private static Replay.Result run(MdrpInstance instance, String overrides) {
        FairSharePolicy policy = new FairSharePolicy(FairSharePolicy.NAME,
                Policies.rules(Policies.Settings.defaults(), RotationKey.LOWEST_EARNINGS_PER_HOUR, 1),
                FairSharePolicy.Config.defaults().with(overrides));
        Replay.Result r = Replay.run(instance, policy, Replay.Options.defaults());
        SolutionChecker.Result check = SolutionChecker.check(instance, r.solution());
        assertTrue(check.feasible(), check.summary());
        return r;
    }

    private static Solution.OrderRow row(Replay.Result r, String order) {
        return r.solution().orders().stream().filter(o -> o.order().equals(order)).findFirst().orElseThrow();
    }

    /**
     * Four couriers on shift, one order (placed at 0, offered at 13, ready at 30, 10 minutes from the restaurant to
     * the customer). "ending" waits at the restaurant and goes off at 50: back from this trip at 46, so it would be its
     * last order, and its projected share for the whole shift is under half an order (one order in the first 13
     * minutes, the same rate for its 21 minutes after the offer lead, shared by four). "fresh" (on until 200) is 25
     * minutes away: it would pick up at 40, 10 minutes after "ending" could. "far" and "far2" are out of reach and
     * only count as on shift. Ranked by the share so far, "ending" and "fresh" are level and the
     * nearer one takes it; by the final count, the order would put "ending" more than half an order past its share.
     */
    static MdrpInstance lastOrderDay() {
        List<MdrpInstance.Restaurant> r = List.of(new MdrpInstance.Restaurant(0, "r1", 0, 0));
        List<MdrpInstance.Courier> c = List.of(new MdrpInstance.Courier(0, "ending", 0, 0, 0, 50),
                new MdrpInstance.Courier(1, "fresh", 2500, 0, 0, 200),
                new MdrpInstance.Courier(2, "far", 9000, 0, 0, 50),
                new MdrpInstance.Courier(3, "far2", 0, 9000, 0, 50));
        List<MdrpInstance.Order> o = List.of(new MdrpInstance.Order(0, "o1", 0, 1000, 0, r.get(0), 30));
        return MdrpInstance.of("last-order", PARAMS, c, o, r);
    }

    @Test
    void theLastOrderOfAShiftGoesByTheProjectedFinalShare() {
        MdrpInstance day = lastOrderDay();
        Solution.OrderRow byFinalCount = row(run(day, ""), "o1");
        assertEquals("fresh", byFinalCount.courier());
        assertEquals(40, byFinalCount.pickupTime());
        Solution.OrderRow byShareSoFar = row(run(day, "lastOrderMinutes=0"), "o1");
        assertEquals("ending", byShareSoFar.courier());
        assertEquals(30, byShareSoFar.pickupTime());
    }

    /**
     * "other" (on 0–27, at the restaurant) picks up o0 at 5 while "early" (on 0–200, 10 minutes away) is on shift
     * and "ending" (on 10–50, at the restaurant) is not yet: so far "early" is half an order behind and "ending"
     * level. o1 (ready at 30, 10 minutes to the customer) would be the last order of "ending", whose projected share
     * for the whole shift (two orders placed in the first 13 minutes, the same rate to come, shared by two couriers)
     * is more than one order and a half: by the final count it is "ending"'s; by the share so far, "early"'s.
     */
    @Test
    void aCourierWhoWouldEndShortOfItsShareGetsItsLastOrderFirst() {
        List<MdrpInstance.Restaurant> r = List.of(new MdrpInstance.Restaurant(0, "r1", 0, 0));
        List<MdrpInstance.Courier> c = List.of(new MdrpInstance.Courier(0, "other", 0, 0, 0, 27),
                new MdrpInstance.Courier(1, "early", 1000, 0, 0, 200),
                new MdrpInstance.Courier(2, "ending", 0, 0, 10, 50));
        List<MdrpInstance.Order> o = List.of(new MdrpInstance.Order(0, "o0", 0, 100, 0, r.get(0), 5),
                new MdrpInstance.Order(1, "o1", 0, 1000, 0, r.get(0), 30));
        MdrpInstance day = MdrpInstance.of("ending-short", PARAMS, c, o, r);
        Replay.Result byFinalCount = run(day, "");
        assertEquals("other", row(byFinalCount, "o0").courier());
        assertEquals("ending", row(byFinalCount, "o1").courier());
        Replay.Result byShareSoFar = run(day, "lastOrderMinutes=0");
        assertEquals("other", row(byShareSoFar, "o0").courier());
        assertEquals("early", row(byShareSoFar, "o1").courier());
        assertEquals(30, row(byShareSoFar, "o1").pickupTime());
    }

    /**
     * One courier free and two orders due at once from two restaurants a minute apart: o1 (placed first) goes 30
     * minutes from its restaurant, o2 5 minutes. With more orders due than couriers free, the short trip goes first;
     * oldest first otherwise.
     */
    @Test
    void whenCouriersAreShortTheShortestTripIsOfferedFirst() {
        List<MdrpInstance.Restaurant> r = List.of(new MdrpInstance.Restaurant(0, "r1", 0, 0),
                new MdrpInstance.Restaurant(1, "r2", 0, 100));
        List<MdrpInstance.Courier> c = List.of(new MdrpInstance.Courier(0, "c1", 0, 50, 0, 300));
        List<MdrpInstance.Order> o = List.of(new MdrpInstance.Order(0, "o1", 0, 3000, 0, r.get(0), 20),
                new MdrpInstance.Order(1, "o2", 0, 600, 1, r.get(1), 20));
        MdrpInstance day = MdrpInstance.of("short-first", PARAMS, c, o, r);
        Replay.Result shortFirst = run(day, "");
        assertEquals(20, row(shortFirst, "o2").pickupTime());
        assertTrue(row(shortFirst, "o1").pickupTime() > row(shortFirst, "o2").dropoffTime());
        Replay.Result oldestFirst = run(day, "shortTripsFirst=0");
        assertEquals(20, row(oldestFirst, "o1").pickupTime());
        assertTrue(row(oldestFirst, "o2").pickupTime() > row(oldestFirst, "o1").dropoffTime());
    }

    /**
     * "near" waits at r1 and "far" at r2, 20 minutes apart; both on shift 0–200. At 0, far takes oa (ready 0, at its
     * own restaurant; free at 9, 21 minutes from r1) and near takes o0 (ready 14; free at 23, 3 minutes from r1).
     * o1 (r1, ready 35) is offered at 18: far, the only courier free, would pick it up at 41; near, once free, at 35.
     * Both have one order, so the pickup time decides: the order waits for near, instead of going to far at once.
     */
    @Test
    void anOrderWaitsForACourierWhoWillPickItUpMuchSooner() {
        List<MdrpInstance.Restaurant> r = List.of(new MdrpInstance.Restaurant(0, "r1", 0, 0),
                new MdrpInstance.Restaurant(1, "r2", 0, 2000));
        List<MdrpInstance.Courier> c = List.of(new MdrpInstance.Courier(0, "near", 0, 0, 0, 200),
                new MdrpInstance.Courier(1, "far", 0, 2000, 0, 200));
        List<MdrpInstance.Order> o = List.of(new MdrpInstance.Order(0, "oa", 0, 2100, 0, r.get(1), 0),
                new MdrpInstance.Order(1, "o0", 300, 0, 0, r.get(0), 14),
                new MdrpInstance.Order(2, "o1", 0, -500, 0, r.get(0), 35));
        MdrpInstance day = MdrpInstance.of("sooner", PARAMS, c, o, r);
        Replay.Result waits = run(day, "");
        assertEquals("far", row(waits, "oa").courier());
        assertEquals("near", row(waits, "o0").courier());
        assertEquals("near", row(waits, "o1").courier());
        assertEquals(35, row(waits, "o1").pickupTime());
        Replay.Result atOnce = run(day, "soonerMargin=0");
        assertEquals("far", row(atOnce, "o1").courier());
        assertEquals(41, row(atOnce, "o1").pickupTime());
    }

    /**
     * Four couriers on shift now, one of them still at the ready time of o1 (40): the schedule thins out, so o1 is
     * offered when it is placed, not 15 minutes before its food is ready.
     */
    @Test
    void whenTheScheduleThinsOutBeforeTheFoodIsReadyTheOrderIsOfferedAtOnce() {
        List<MdrpInstance.Restaurant> r = List.of(new MdrpInstance.Restaurant(0, "r1", 0, 0));
        List<MdrpInstance.Courier> c = List.of(new MdrpInstance.Courier(0, "late", 0, 0, 0, 60),
                new MdrpInstance.Courier(1, "e1", 9000, 0, 0, 30),
                new MdrpInstance.Courier(2, "e2", 0, 9000, 0, 30),
                new MdrpInstance.Courier(3, "e3", -9000, 0, 0, 30));
        List<MdrpInstance.Order> o = List.of(new MdrpInstance.Order(0, "o1", 0, 500, 0, r.get(0), 40));
        MdrpInstance day = MdrpInstance.of("thinning", PARAMS, c, o, r);
        Solution.Assignment atOnce = run(day, "").solution().assignments().get(0);
        assertEquals(0, atOnce.assignmentTime());
        assertEquals("late", atOnce.courier());
        Solution.Assignment atLead = run(day, "thinningShare=0").solution().assignments().get(0);
        assertEquals(40 - 2 - 15, atLead.assignmentTime());
    }
}
