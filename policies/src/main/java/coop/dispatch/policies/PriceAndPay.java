package coop.dispatch.policies;

/** What a delivery costs and what its rider earns, in cents: a {@link PriceQuote} without its lines. */
public record PriceAndPay(long priceCents, long riderPayCents) {
}
