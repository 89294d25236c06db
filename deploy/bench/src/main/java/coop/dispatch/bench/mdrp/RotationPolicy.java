package coop.dispatch.bench.mdrp;

import coop.dispatch.engine.Decision;
import coop.dispatch.engine.DispatchRules;
import coop.dispatch.engine.RotationKey;

import java.util.List;

/**
 * The coop's dispatch: the engine's {@code FairRotation} decides (eligibility, then the rotation key the assembly
 * chose) and the order goes to its first candidate; nobody eligible for the rules' wait limit means coordinators
 * assign by hand (see {@link Replay#byCoordinator}).
 */
public final class RotationPolicy implements DispatchPolicy {
    private final String name;
    private final DispatchRules rules;
    private final double slack;

    public RotationPolicy(String name, DispatchRules rules, double bundleSlackMinutes) {
        this.name = name;
        this.rules = rules;
        this.slack = bundleSlackMinutes;
    }

    public RotationPolicy(DispatchRules rules) {
        this(rules.rotationKey().name() + (rules.bundleLimit() > 1 ? "_BUNDLE" + rules.bundleLimit() : ""), rules, 0);
    }

    public static RotationPolicy of(RotationKey key, DispatchRules base) {
        return new RotationPolicy(base.withRotationKey(key));
    }

    @Override
    public DispatchRules rules() {
        return rules;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double bundleSlackMinutes() {
        return slack;
    }

    @Override
    public List<Replay.CourierState> offerOrder(Replay replay, Replay.OrderState order) {
        Decision decision = replay.decide(order, rules);
        if (!decision.candidates().isEmpty()) {
            return replay.candidates(decision);
        }
        return replay.waited(order) >= coordinatorsAfterMinutes() ? replay.byCoordinator(order) : List.of();
    }
}
