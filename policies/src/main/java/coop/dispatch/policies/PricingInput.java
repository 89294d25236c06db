package coop.dispatch.policies;

import java.time.Instant;

/**
 * What a price depends on. {@code distanceKm} is the bike route length (or an estimate of it), {@code at} the time
 * the delivery is for (its pickup time, or now). {@code size} is S, M, L, XL or null; {@code packages} at least 1.
 */
public record PricingInput(double distanceKm, int weightGrams, String size, int packages, Instant at) {
    public PricingInput {
        if (!(distanceKm >= 0) || Double.isInfinite(distanceKm)) {
            throw new IllegalArgumentException("distanceKm must be a finite number >= 0");
        }
        if (weightGrams < 0) {
            throw new IllegalArgumentException("weightGrams must be >= 0");
        }
        if (at == null) {
            throw new IllegalArgumentException("at is required");
        }
        packages = Math.max(packages, 1);
    }
}
