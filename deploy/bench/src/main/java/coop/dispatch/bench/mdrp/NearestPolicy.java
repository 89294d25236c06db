package coop.dispatch.bench.mdrp;

import coop.dispatch.engine.Decision;
import coop.dispatch.engine.DispatchRules;
import coop.dispatch.engine.RotationKey;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The gig-style baseline: the courier who can reach the restaurant first gets the order. Same eligibility as the
 * coop's policies (the engine's decision, same pickup limit, same coordinators), only the order differs: by pickup
 * travel time instead of by turn, ties to whoever has waited longer.
 */
public final class NearestPolicy implements DispatchPolicy {
    public static final String NAME = "NEAREST";
    public static final String AT_READY = "NEAREST_AT_READY";
    private final DispatchRules rules;
    private final String name;
    private final double commitLeadMinutes;

    /** Offers each order as soon as it is placed. */
    public NearestPolicy(DispatchRules base) {
        this(NAME, base, Double.POSITIVE_INFINITY);
    }

    /**
     * @param commitLeadMinutes offer an order only this long before its food is ready (as {@link FairSharePolicy}
     *                          does), so that the effect of offering late can be told apart from the effect of the
     *                          rotation
     */
    public NearestPolicy(String name, DispatchRules base, double commitLeadMinutes) {
        this.name = name;
        this.rules = base.withRotationKey(RotationKey.LONGEST_WAITING);
        this.commitLeadMinutes = commitLeadMinutes;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DispatchRules rules() {
        return rules;
    }

    @Override
    public List<Replay.CourierState> offerOrder(Replay replay, Replay.OrderState order) {
        double commitAt = order.order().readyTime() - replay.instance().parameters().pickupServiceMinutes() / 2
                - commitLeadMinutes;
        if (replay.now() < commitAt) {
            replay.wakeAt(order, commitAt);
            return List.of();
        }
        Decision decision = replay.decide(order, rules);
        if (decision.candidates().isEmpty()) {
            double escalateAt = Math.max(order.order().placementTime(), commitAt) + coordinatorsAfterMinutes();
            if (replay.now() >= escalateAt) {
                return replay.byCoordinator(order);
            }
            replay.wakeAt(order, escalateAt);
            return List.of();
        }
        List<Decision.Candidate> byTime = new ArrayList<>(decision.candidates());
        byTime.sort(Comparator.comparingLong(Decision.Candidate::pickupSeconds));  // stable: ties keep rotation order
        List<Replay.CourierState> list = new ArrayList<>(byTime.size());
        byTime.forEach(c -> list.add(replay.courier(c.riderId())));
        return list;
    }
}
