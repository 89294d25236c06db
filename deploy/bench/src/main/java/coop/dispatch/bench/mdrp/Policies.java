package coop.dispatch.bench.mdrp;

import coop.dispatch.contracts.events.Vehicle;
import coop.dispatch.engine.DeclineRule;
import coop.dispatch.engine.DispatchRules;
import coop.dispatch.engine.RotationKey;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The policies one replay run compares, built from one set of rules. */
public final class Policies {

    /** Settings shared by every policy of a run. */
    public record Settings(double maxPickupMinutes, double coordinatorsAfterMinutes, DeclineRule declineRule,
                           int bundleLimit, double bundleSlackMinutes, FairSharePolicy.Config fairShare) {
        public static Settings defaults() {
            return new Settings(15, 15, DeclineRule.KEEP_PLACE, 3, 5, FairSharePolicy.Config.defaults());
        }

        public Settings withFairShare(FairSharePolicy.Config config) {
            return new Settings(maxPickupMinutes, coordinatorsAfterMinutes, declineRule, bundleLimit,
                    bundleSlackMinutes, config);
        }
    }

    private Policies() {
    }

    /** The replay's rules: the service's defaults with the run's pickup limit; a bundle means one restaurant. */
    public static DispatchRules rules(Settings s, RotationKey key, int bundleLimit) {
        return new DispatchRules("mdrp-replay-1", key, Duration.ofSeconds(Math.round(s.maxPickupMinutes() * 60)),
                Duration.ofSeconds(60), s.declineRule(), bundleLimit, 1.0,
                Duration.ofSeconds(Math.round(s.coordinatorsAfterMinutes() * 60)),
                Map.of(Vehicle.BIKE, 8_000, Vehicle.EBIKE, 15_000, Vehicle.CARGO_BIKE, 100_000));
    }

    public static List<DispatchPolicy> all(Settings s) {
        List<DispatchPolicy> list = new ArrayList<>();
        list.add(new NearestPolicy(rules(s, RotationKey.LONGEST_WAITING, 1)));
        for (RotationKey key : RotationKey.values()) {
            list.add(new RotationPolicy(rules(s, key, 1)));
        }
        DispatchRules bundling = rules(s, RotationKey.LOWEST_EARNINGS_PER_HOUR, s.bundleLimit());
        list.add(new RotationPolicy(RotationKey.LOWEST_EARNINGS_PER_HOUR.name() + "_BUNDLE" + s.bundleLimit(),
                bundling, s.bundleSlackMinutes()));
        list.add(new NearestPolicy(NearestPolicy.AT_READY, rules(s, RotationKey.LONGEST_WAITING, 1),
                s.fairShare().commitLeadMinutes()));
        list.add(new FairSharePolicy(FairSharePolicy.NAME, rules(s, RotationKey.LOWEST_EARNINGS_PER_HOUR, 1),
                s.fairShare()));
        return list;
    }

    public static List<DispatchPolicy> select(Settings s, String name) {
        if (name == null || name.equalsIgnoreCase("all")) {
            return all(s);
        }
        List<DispatchPolicy> chosen = new ArrayList<>();
        for (String one : name.split(",")) {
            all(s).stream().filter(p -> p.name().equalsIgnoreCase(one.strip())).findFirst()
                    .ifPresentOrElse(chosen::add, () -> {
                        throw new IllegalArgumentException("unknown policy " + one + "; known: "
                                + all(s).stream().map(DispatchPolicy::name).toList());
                    });
        }
        return chosen;
    }

    static String fmt(double v) {
        return Json.number(v);
    }
}
