package coop.dispatch.policies;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pricing policy the rider assembly votes, as a document: fixed parameters for the common parts of a price and
 * CEL expressions for everything else. Amounts are in cents of {@code currency}; hours are local to {@code timeZone}.
 *
 * <p>A price is computed as: {@code base + perKm × distance + weight tier + size + cargo bike + time of day}, plus
 * every {@link Rule} whose {@code when} holds; {@code priceExpression} turns that subtotal into the price (by default
 * the subtotal itself), never below {@code minimumCents}; {@code riderPayExpression} gives the rider's pay (by default
 * {@code price_cents * rider_share}), kept between 0 and the price. See {@link PricingVariables} for what the
 * expressions may use.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PricingPolicy(
        String version,
        String currency,
        String timeZone,
        long baseCents,
        long perKmCents,
        List<WeightSurcharge> weightSurcharges,
        Map<String, Long> sizeSurcharges,
        Map<Vehicle, Integer> vehicleMaxGrams,
        List<String> cargoBikeSizes,
        long cargoBikeSurchargeCents,
        List<TimeSurcharge> timeSurcharges,
        long minimumCents,
        double riderShare,
        List<Rule> rules,
        String priceExpression,
        String riderPayExpression) {

    public static final Set<String> SIZES = Set.of("S", "M", "L", "XL");
    static final String DEFAULT_PRICE_EXPRESSION = "subtotal_cents";
    static final String DEFAULT_RIDER_PAY_EXPRESSION = "price_cents * rider_share";
    /** A sanity bound that catches a misplaced decimal point in a proposal: no single amount above 1,000 units. */
    static final long MAX_CENTS = 100_000;

    public PricingPolicy {
        weightSurcharges = weightSurcharges == null ? List.of() : List.copyOf(weightSurcharges);
        sizeSurcharges = sizeSurcharges == null ? Map.of() : Map.copyOf(sizeSurcharges);
        vehicleMaxGrams = vehicleMaxGrams == null ? Map.of() : Map.copyOf(vehicleMaxGrams);
        cargoBikeSizes = cargoBikeSizes == null ? List.of() : List.copyOf(cargoBikeSizes);
        timeSurcharges = timeSurcharges == null ? List.of() : List.copyOf(timeSurcharges);
        rules = rules == null ? List.of() : List.copyOf(rules);
        if (priceExpression == null || priceExpression.isBlank()) {
            priceExpression = DEFAULT_PRICE_EXPRESSION;
        }
        if (riderPayExpression == null || riderPayExpression.isBlank()) {
            riderPayExpression = DEFAULT_RIDER_PAY_EXPRESSION;
        }
    }

    /** Parcels heavier than {@code aboveGrams} pay {@code cents}; of several tiers, the highest that applies counts. */
    public record WeightSurcharge(int aboveGrams, long cents) {
    }

    /** Deliveries whose local hour is in [fromHour, toHour) pay {@code cents}; a range may wrap past midnight. */
    public record TimeSurcharge(String name, int fromHour, int toHour, long cents) {
        public boolean covers(int hour) {
            return fromHour < toHour ? hour >= fromHour && hour < toHour : hour >= fromHour || hour < toHour;
        }
    }

    /** An extra surcharge (or discount, if negative) voted as a CEL condition and a CEL amount in cents. */
    public record Rule(String name, String when, String cents) {
    }

    /** Every problem of this document, type errors of its expressions included; empty if it can be adopted. */
    public List<PolicyProblem> validate() {
        List<PolicyProblem> problems = new ArrayList<>();
        if (version == null || version.isBlank()) {
            problems.add(new PolicyProblem("version", "is required"));
        } else if (version.length() > 64) {
            problems.add(new PolicyProblem("version", "must be at most 64 characters"));
        }
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            problems.add(new PolicyProblem("currency", "must be an ISO 4217 code such as EUR"));
        }
        if (timeZone == null) {
            problems.add(new PolicyProblem("timeZone", "is required, e.g. Europe/Berlin"));
        } else {
            try {
                ZoneId.of(timeZone);
            } catch (DateTimeException e) {
                problems.add(new PolicyProblem("timeZone", "is not a known time zone: " + timeZone));
            }
        }
        cents("baseCents", baseCents, problems);
        cents("perKmCents", perKmCents, problems);
        cents("cargoBikeSurchargeCents", cargoBikeSurchargeCents, problems);
        cents("minimumCents", minimumCents, problems);
        if (!(riderShare >= 0 && riderShare <= 1)) {
            problems.add(new PolicyProblem("riderShare", "must be between 0 and 1, got " + riderShare));
        }
        for (int i = 0; i < weightSurcharges.size(); i++) {
            WeightSurcharge w = weightSurcharges.get(i);
            if (w == null) {
                problems.add(new PolicyProblem("weightSurcharges[" + i + "]", "must not be null"));
                continue;
            }
            if (w.aboveGrams() < 0 || w.aboveGrams() > 200_000) {
                problems.add(new PolicyProblem("weightSurcharges[" + i + "].aboveGrams",
                        "must be between 0 and 200000, got " + w.aboveGrams()));
            }
            cents("weightSurcharges[" + i + "].cents", w.cents(), problems);
        }
        sizeSurcharges.forEach((size, cents) -> {
            if (!SIZES.contains(size)) {
                problems.add(new PolicyProblem("sizeSurcharges." + size, "unknown size; sizes are S, M, L, XL"));
            }
            cents("sizeSurcharges." + size, cents == null ? -1 : cents, problems);
        });
        for (String size : cargoBikeSizes) {
            if (!SIZES.contains(size)) {
                problems.add(new PolicyProblem("cargoBikeSizes", "unknown size " + size + "; sizes are S, M, L, XL"));
            }
        }
        validateVehicles(problems);
        for (int i = 0; i < timeSurcharges.size(); i++) {
            TimeSurcharge t = timeSurcharges.get(i);
            String at = "timeSurcharges[" + i + "]";
            if (t == null) {
                problems.add(new PolicyProblem(at, "must not be null"));
                continue;
            }
            if (t.fromHour() < 0 || t.fromHour() > 23) {
                problems.add(new PolicyProblem(at + ".fromHour", "must be between 0 and 23, got " + t.fromHour()));
            }
            if (t.toHour() < 0 || t.toHour() > 24) {
                problems.add(new PolicyProblem(at + ".toHour", "must be between 0 and 24, got " + t.toHour()));
            }
            if (t.fromHour() == t.toHour()) {
                problems.add(new PolicyProblem(at, "fromHour and toHour are equal: the range is empty"));
            }
            cents(at + ".cents", t.cents(), problems);
        }
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            if (r == null) {
                problems.add(new PolicyProblem("rules[" + i + "]", "must not be null"));
            } else if (r.name() == null || r.name().isBlank()) {
                problems.add(new PolicyProblem("rules[" + i + "].name", "is required"));
            }
        }
        // Expressions: type-checked here; evaluated on sample deliveries only once every one of them compiles.
        problems.addAll(PricingExpressions.check(this));
        if (problems.isEmpty()) {
            problems.addAll(CompiledPricingPolicy.trySamples(this));
        }
        return problems;
    }

    /** This policy ready to price deliveries; throws {@link InvalidPolicyException} with every problem. */
    public CompiledPricingPolicy compile() {
        List<PolicyProblem> problems = validate();
        if (!problems.isEmpty()) {
            throw new InvalidPolicyException(problems);
        }
        return CompiledPricingPolicy.of(this);
    }

    private void validateVehicles(List<PolicyProblem> problems) {
        Integer bike = vehicleMaxGrams.get(Vehicle.BIKE);
        Integer ebike = vehicleMaxGrams.get(Vehicle.EBIKE);
        Integer cargo = vehicleMaxGrams.get(Vehicle.CARGO_BIKE);
        for (Vehicle v : Vehicle.values()) {
            Integer max = vehicleMaxGrams.get(v);
            if (max == null) {
                problems.add(new PolicyProblem("vehicleMaxGrams." + v, "is required"));
            } else if (max <= 0 || max > 300_000) {
                problems.add(new PolicyProblem("vehicleMaxGrams." + v, "must be between 1 and 300000, got " + max));
            }
        }
        if (bike != null && ebike != null && cargo != null && !(bike <= ebike && ebike <= cargo)) {
            problems.add(new PolicyProblem("vehicleMaxGrams", "must not decrease from BIKE to EBIKE to CARGO_BIKE"));
        }
    }

    private static void cents(String field, long value, List<PolicyProblem> problems) {
        if (value < 0 || value > MAX_CENTS) {
            problems.add(new PolicyProblem(field, "must be between 0 and " + MAX_CENTS + " cents, got " + value));
        }
    }
}
