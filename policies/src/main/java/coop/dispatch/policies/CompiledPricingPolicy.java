package coop.dispatch.policies;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A validated pricing policy with its expressions compiled once; immutable and safe to share between threads. */
public final class CompiledPricingPolicy {
    private final PricingPolicy policy;
    private final ZoneId zone;
    private final List<CompiledRule> rules;
    private final CelRuntime.Program price;
    private final CelRuntime.Program riderPay;
    /**
     * The default formulas, which most versions keep, are computed directly: the same double arithmetic as CEL's,
     * without an interpreter run (a third of a default price's evaluation time). Their programs are still compiled,
     * so they are checked like any other.
     */
    private final boolean priceIsSubtotal;
    private final boolean payIsShareOfPrice;

    private CompiledPricingPolicy(PricingPolicy policy, List<CompiledRule> rules, CelRuntime.Program price,
                                  CelRuntime.Program riderPay) {
        this.policy = policy;
        this.zone = ZoneId.of(policy.timeZone());
        this.rules = rules;
        this.price = price;
        this.riderPay = riderPay;
        this.priceIsSubtotal = PricingPolicy.DEFAULT_PRICE_EXPRESSION.equals(policy.priceExpression().strip());
        this.payIsShareOfPrice = PricingPolicy.DEFAULT_RIDER_PAY_EXPRESSION.equals(policy.riderPayExpression().strip());
    }

    private record CompiledRule(String name, CelRuntime.Program when, CelRuntime.Program cents, String whenField,
                                String centsField) {
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
                            PricingExpressions.Kind.RULE_AMOUNT, problems),
                    "rules[" + i + "].when", "rules[" + i + "].cents"));
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
        List<PriceQuote.Line> lines = new ArrayList<>();
        long[] amounts = evaluate(in, vehicle, lines);
        return new PriceQuote(amounts[0], amounts[1], policy.currency(), policy.version(), vehicle,
                List.copyOf(lines));
    }

    /**
     * The price and the rider pay of one delivery, exactly as {@link #price} computes them but without the lines of
     * a quote: for replaying many past deliveries. Throws {@link PricingException} as {@link #price} does.
     */
    public PriceAndPay priceAndPay(PricingInput in) {
        long[] amounts = evaluate(in, vehicleFor(in.weightGrams(), in.size()), null);
        return new PriceAndPay(amounts[0], amounts[1]);
    }

    /** The price and the rider pay in cents; {@code lines} (if not null) receives every line of the price. */
    private long[] evaluate(PricingInput in, Vehicle vehicle, List<PriceQuote.Line> lines) {
        String size = in.size() == null ? "" : in.size().toUpperCase(Locale.ROOT);
        ZonedDateTime local = in.at().atZone(zone);
        int hour = local.getHour();
        Variables vars = new Variables(in, size, vehicle, hour, local.getDayOfWeek().getValue());

        long distanceCents = Math.round(policy.perKmCents() * in.distanceKm());
        long subtotal = policy.baseCents() + distanceCents;
        // Labels are built only for a quote: formatting them cost more than the arithmetic of a replayed price.
        if (lines != null) {
            lines.add(new PriceQuote.Line("base", policy.baseCents()));
            lines.add(new PriceQuote.Line(String.format(Locale.ROOT, "distance %.2f km", in.distanceKm()),
                    distanceCents));
        }
        long weight = weightSurcharge(in.weightGrams());
        if (weight > 0) {
            subtotal += weight;
            if (lines != null) {
                lines.add(new PriceQuote.Line("weight " + in.weightGrams() + " g", weight));
            }
        }
        long sizeCents = policy.sizeSurcharges().getOrDefault(size, 0L);
        if (sizeCents > 0) {
            subtotal += sizeCents;
            if (lines != null) {
                lines.add(new PriceQuote.Line("size " + size, sizeCents));
            }
        }
        if (vehicle == Vehicle.CARGO_BIKE && policy.cargoBikeSurchargeCents() > 0) {
            subtotal += policy.cargoBikeSurchargeCents();
            add(lines, "cargo bike", policy.cargoBikeSurchargeCents());
        }
        for (PricingPolicy.TimeSurcharge t : policy.timeSurcharges()) {
            if (t.covers(hour)) {
                subtotal += t.cents();
                add(lines, t.name() == null ? "time of day" : t.name(), t.cents());
            }
        }
        for (int i = 0; i < rules.size(); i++) {
            CompiledRule rule = rules.get(i);
            if (Boolean.TRUE.equals(eval(rule.whenField(), rule.when(), vars))) {
                long cents = Math.round(finite(rule.centsField(),
                        PricingExpressions.number(eval(rule.centsField(), rule.cents(), vars))));
                subtotal += cents;
                add(lines, rule.name(), cents);
            }
        }
        long base = policy.baseCents() + distanceCents;
        vars.subtotalCents = (double) subtotal;
        vars.surchargesCents = (double) (subtotal - base);
        long priced = Math.round(finite("priceExpression", priceIsSubtotal ? (double) subtotal
                : PricingExpressions.number(eval("priceExpression", price, vars))));
        if (priced != subtotal) {
            add(lines, "price formula", priced - subtotal);
        }
        long finalPrice = priced;
        if (finalPrice < policy.minimumCents()) {
            add(lines, "minimum price", policy.minimumCents() - finalPrice);
            finalPrice = policy.minimumCents();
        }
        vars.surchargesCents = null;
        vars.priceCents = (double) finalPrice;
        long pay = Math.round(finite("riderPayExpression", payIsShareOfPrice ? finalPrice * policy.riderShare()
                : PricingExpressions.number(eval("riderPayExpression", riderPay, vars))));
        pay = Math.max(0, Math.min(pay, finalPrice));
        return new long[]{finalPrice, pay};
    }

    /** Of several weight tiers, the highest that applies; 0 if none does. */
    private long weightSurcharge(int grams) {
        long cents = 0;
        boolean any = false;
        for (PricingPolicy.WeightSurcharge w : policy.weightSurcharges()) {
            if (grams > w.aboveGrams()) {
                cents = any ? Math.max(cents, w.cents()) : w.cents();
                any = true;
            }
        }
        return cents;
    }

    private static void add(List<PriceQuote.Line> lines, String label, long cents) {
        if (lines != null) {
            lines.add(new PriceQuote.Line(label, cents));
        }
    }

    /**
     * The variables of one evaluation, looked up by name when an expression reads them: cheaper than filling a map
     * with all of them for every delivery. {@code subtotal_cents}, {@code surcharges_cents} and {@code price_cents}
     * exist only once set (null: absent), as each expression kind declares them.
     */
    private final class Variables implements CelVariableResolver {
        private final PricingInput in;
        private final String size;
        private final Vehicle vehicle;
        private final int hour;
        private final int weekday;
        Double subtotalCents;
        Double surchargesCents;
        Double priceCents;

        Variables(PricingInput in, String size, Vehicle vehicle, int hour, int weekday) {
            this.in = in;
            this.size = size;
            this.vehicle = vehicle;
            this.hour = hour;
            this.weekday = weekday;
        }

        @Override
        public Optional<Object> find(String name) {
            Object value = switch (name) {
                case "distance_km" -> in.distanceKm();
                case "weight_kg" -> in.weightGrams() / 1000.0;
                case "weight_grams" -> (long) in.weightGrams();
                case "size" -> size;
                case "packages" -> (long) in.packages();
                case "vehicle" -> vehicle.name();
                case "hour" -> (long) hour;
                case "weekday" -> (long) weekday;
                case "base_cents" -> (double) policy.baseCents();
                case "per_km_cents" -> (double) policy.perKmCents();
                case "minimum_cents" -> (double) policy.minimumCents();
                case "rider_share" -> policy.riderShare();
                case "subtotal_cents" -> subtotalCents;
                case "surcharges_cents" -> surchargesCents;
                case "price_cents" -> priceCents;
                default -> null;
            };
            return Optional.ofNullable(value);
        }
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

    private static Object eval(String field, CelRuntime.Program program, CelVariableResolver vars) {
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
