package coop.dispatch.bench.mdrp;

import coop.dispatch.engine.DeclineRule;
import coop.dispatch.engine.DispatchRules;

import java.util.List;

/**
 * Who a waiting order is offered to, in what order. The replay offers it to the first courier of the list who can
 * still make the pickup before the end of their shift; a decline (simulated, seeded) moves on to the next. An empty
 * list leaves the order waiting for the next dispatch round.
 */
public interface DispatchPolicy {

    String name();

    /** The engine's dispatch rules this policy runs under; the settings below derive from them. */
    DispatchRules rules();

    /** How many orders of one restaurant a courier may carry on one trip (1: no bundling). */
    default int bundleLimit() {
        return rules().bundleLimit();
    }

    /** How many minutes adding an order to a trip may delay the trip's pickup (its food being ready later). */
    default double bundleSlackMinutes() {
        return 0;
    }

    /** After how long without a taker coordinators assign an order by hand (the rules' unassignable limit). */
    default double coordinatorsAfterMinutes() {
        return rules().unassignableAfter().toSeconds() / 60.0;
    }

    /** What a (simulated) decline does to the courier's place in the rotation. */
    default DeclineRule declineRule() {
        return rules().declineRule();
    }

    /**
     * Where a courier who has just become free (shift start, last drop-off) should wait for its next order: a
     * restaurant to ride to now, or null to stay where it is. Couriers stay by default, as in the benchmark's
     * convention; the move is written to the solution like any other.
     */
    default MdrpInstance.Restaurant waitAt(Replay replay, Replay.CourierState courier) {
        return null;
    }

    /** In which sequence a dispatch round offers the waiting orders (oldest first by default). */
    default List<Replay.OrderState> offerSequence(Replay replay, List<Replay.OrderState> pending) {
        return pending;
    }

    List<Replay.CourierState> offerOrder(Replay replay, Replay.OrderState order);
}
