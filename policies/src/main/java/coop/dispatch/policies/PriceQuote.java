package coop.dispatch.policies;

import java.util.List;

/**
 * A price as the policy computed it: what the merchant pays, what the rider earns, the vehicle the parcel needs,
 * every line that added up to it, and the policy version that must be recorded with it.
 */
public record PriceQuote(long priceCents, long riderPayCents, String currency, String policyVersion,
                         Vehicle vehicle, List<Line> lines) {

    /** One part of the price, e.g. "distance 3.2 km" → 384 cents. */
    public record Line(String label, long cents) {
    }
}
