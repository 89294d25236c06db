package coop.dispatch.policies;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A validated pricing policy with its expressions compiled once; immutable and safe to share between threads. */
public final class CompiledPricingPolicy {
    private final PricingPolicy policy;
    private final ZoneId zone;
    private final List<CompiledRule> rules;
    private final CelRuntime.Program price;
    private final CelRuntime.Program riderPay;

    private CompiledPricingPolicy(PricingPolicy policy, List<CompiledRule> rules, CelRuntime.Program price,
                                  CelRuntime.Program riderPay) {
        this.policy = policy;
        this.zone = ZoneId.of(policy.timeZone());
        this.rules = rules;
        this.price = price;
        this.riderPay = riderPay;
    }

    private record CompiledRule(String name, CelRuntime.Program when, CelRuntime.Program cents) {
    }

    /** Compiles without the sample run; callers go through {@link PricingPolicy#compile()}. */
    static CompiledPricingPolicy of(PricingPolicy policy) {
        List<PolicyProblem> problems = new ArrayList<>();
        List<CompiledRule> rules = new ArrayList<>();
        for (int i = 0; i < policy.rules().size(); i++) {
            PricingPolicy.Rule r = policy.rules().get(i);
            rules.add(new CompiledRule(r.name(),
                    PricingExpressions.compile("rules[" + i + "].when", r.when(),
                            PricingExpressions.Kind.CONDITION, problems),
                    PricingExpressions.compile("rules[" + i + "].cents", r.cents(),
                            PricingExpressions.Kind.RULE_AMOUNT, problems)));
        }
        CelRuntime.Program price = PricingExpressions.compile("priceExpression", policy.priceExpression(),
                PricingExpressions.Kind.PRICE, problems);
        CelRuntime.Program pay = PricingExpressions.compile("riderPayExpression", policy.riderPayExpression(),
                PricingExpressions.Kind.RIDER_PAY, problems);
        if (!problems.isEmpty()) {
            throw new InvalidPolicyException(problems);
        }
        return new CompiledPricingPolicy(policy, List.copyOf(rules), price, pay);
    }

    public PricingPolicy policy() {
        return policy;
    }

    public String version() {
        return policy.version();
    }

    /** The smallest vehicle that carries this parcel; throws {@link PricingException} if none does. */
    public Vehicle vehicleFor(int weightGrams, String size) {
        boolean cargoSize = size != null && policy.cargoBikeSizes().contains(size.toUpperCase(Locale.ROOT));
        for (Vehicle v : Vehicle.values()) {
            if ((v == Vehicle.CARGO_BIKE || !cargoSize) && weightGrams <= policy.vehicleMaxGrams().get(v)) {
                return v;
            }
        }
        throw new PricingException("parcel.weightGrams", "a parcel of " + weightGrams + " g is heavier than any "
                + "vehicle of the coop carries (cargo bikes: up to " + policy.vehicleMaxGrams().get(Vehicle.CARGO_BIKE)
                + " g)");
    }

    /** Prices one delivery. */
    public PriceQuote price(PricingInput in) {
        Vehicle vehicle = vehicleFor(in.weightGrams(), in.size());
        String size = in.size() == null ? "" : in.size().toUpperCase(Locale.ROOT);
        ZonedDateTime local = in.at().atZone(zone);
        int hour = local.getHour();

        List<PriceQuote.Line> lines = new ArrayList<>();
        lines.add(new PriceQuote.Line("base", policy.baseCents()));
        lines.add(new PriceQuote.Line(String.format(Locale.ROOT, "distance %.2f km", in.distanceKm()),
                Math.round(policy.perKmCents() * in.distanceKm())));
        long weight = policy.weightSurcharges().stream()
                .filter(w -> in.weightGrams() > w.aboveGrams())
                .mapToLong(PricingPolicy.WeightSurcharge::cents).max().orElse(0);
        if (weight > 0) {
            lines.add(new PriceQuote.Line("weight " + in.weightGrams() + " g", weight));
        }
        long sizeCents = policy.sizeSurcharges().getOrDefault(size, 0L);
        if (sizeCents > 0) {
            lines.add(new PriceQuote.Line("size " + size, sizeCents));
        }
        if (vehicle == Vehicle.CARGO_BIKE && policy.cargoBikeSurchargeCents() > 0) {
            lines.add(new PriceQuote.Line("cargo bike", policy.cargoBikeSurchargeCents()));
        }
        for (PricingPolicy.TimeSurcharge t : policy.timeSurcharges()) {
            if (t.covers(hour)) {
                lines.add(new PriceQuote.Line(t.name() == null ? "time of day" : t.name(), t.cents()));
            }
        }

        Map<String, Object> vars = new HashMap<>();
        vars.put("distance_km", in.distanceKm());
        vars.put("weight_kg", in.weightGrams() / 1000.0);
        vars.put("weight_grams", (long) in.weightGrams());
        vars.put("size", size);
        vars.put("packages", (long) in.packages());
        vars.put("vehicle", vehicle.name());
        vars.put("hour", (long) hour);
        vars.put("weekday", (long) local.getDayOfWeek().getValue());
        vars.put("base_cents", (double) policy.baseCents());
        vars.put("per_km_cents", (double) policy.perKmCents());
        vars.put("minimum_cents", (double) policy.minimumCents());
        vars.put("rider_share", policy.riderShare());

        for (int i = 0; i < rules.size(); i++) {
            CompiledRule rule = rules.get(i);
            if (Boolean.TRUE.equals(eval("rules[" + i + "].when", rule.when(), vars))) {
                long cents = Math.round(finite("rules[" + i + "].cents",
                        PricingExpressions.number(eval("rules[" + i + "].cents", rule.cents(), vars))));
                lines.add(new PriceQuote.Line(rule.name(), cents));
            }
        }
        long subtotal = lines.stream().mapToLong(PriceQuote.Line::cents).sum();
        long base = policy.baseCents() + lines.get(1).cents();
        vars.put("subtotal_cents", (double) subtotal);
        vars.put("surcharges_cents", (double) (subtotal - base));
        long priced = Math.round(finite("priceExpression",
                PricingExpressions.number(eval("priceExpression", price, vars))));
        if (priced != subtotal) {
            lines.add(new PriceQuote.Line("price formula", priced - subtotal));
        }
        long finalPrice = priced;
        if (finalPrice < policy.minimumCents()) {
            lines.add(new PriceQuote.Line("minimum price", policy.minimumCents() - finalPrice));
            finalPrice = policy.minimumCents();
        }
        vars.remove("surcharges_cents");
        vars.put("price_cents", (double) finalPrice);
        long pay = Math.round(finite("riderPayExpression",
                PricingExpressions.number(eval("riderPayExpression", riderPay, vars))));
        pay = Math.max(0, Math.min(pay, finalPrice));
        return new PriceQuote(finalPrice, pay, policy.currency(), policy.version(), vehicle, List.copyOf(lines));
    }

    /**
     * Evaluates a policy on a grid of typical and extreme deliveries, so that a proposal whose expressions fail at
     * run time (division by zero, a non-finite result) is refused before it is voted, not on a merchant's request.
     */
    static List<PolicyProblem> trySamples(PricingPolicy policy) {
        CompiledPricingPolicy compiled;
        try {
            compiled = of(policy);
        } catch (InvalidPolicyException e) {
            return e.problems();
        }
        int maxGrams = policy.vehicleMaxGrams().get(Vehicle.CARGO_BIKE);
        Instant monday = Instant.parse("2024-01-01T00:00:00Z");
        for (double km : new double[]{0, 0.4, 3.2, 15, 60}) {
            for (int grams : new int[]{0, 2500, 12_000, maxGrams}) {
                for (String size : new String[]{null, "S", "XL"}) {
                    for (int h = 0; h < 7 * 24; h += 5) {
                        try {
                            PriceQuote q = compiled.price(new PricingInput(km, grams, size, 1,
                                    monday.plusSeconds(h * 3600L)));
                            if (q.priceCents() > PricingPolicy.MAX_CENTS * 10) {
                                return List.of(new PolicyProblem("priceExpression", "gives " + q.priceCents()
                                        + " cents for a delivery of " + km + " km: implausibly high"));
                            }
                        } catch (PricingException e) {
                            return List.of(new PolicyProblem(e.field(), e.getMessage() + " (for a sample delivery of "
                                    + km + " km, " + grams + " g)"));
                        }
                    }
                }
            }
        }
        return List.of();
    }

    private static Object eval(String field, CelRuntime.Program program, Map<String, Object> vars) {
        try {
            return program.eval(vars);
        } catch (CelEvaluationException e) {
            throw new PricingException(field, "evaluation failed: " + e.getMessage());
        }
    }

    private static double finite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new PricingException(field, "evaluates to " + value + ", not a finite number");
        }
        return value;
    }
}
