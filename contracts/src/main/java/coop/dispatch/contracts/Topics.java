package coop.dispatch.contracts;

/**
 * Kafka topic names. Each topic has one owning service (the one that writes it); see README "Events".
 * Deployments may prefix every name (for example per test run) through the services' configuration.
 */
public final class Topics {
    /** merchant → dispatch, key deliveryId: DeliveryRequested, DeliveryCancelled. */
    public static final String DELIVERY_REQUESTS = "delivery-requests";
    /** dispatch → rider, key riderId: JobOffered, OfferWithdrawn. */
    public static final String DISPATCH_OFFERS = "dispatch-offers";
    /** rider → dispatch, key deliveryId: OfferAccepted, OfferDeclined. */
    public static final String OFFER_RESPONSES = "offer-responses";
    /** rider → dispatch, key riderId: RiderOnline, RiderOffline, RiderLocation (not compacted: one key, several kinds). */
    public static final String RIDER_STATUS = "rider-status";
    /** dispatch and rider → merchant and dispatch, key deliveryId: DeliveryAssigned, DeliveryPickedUp, ... */
    public static final String DELIVERY_STATUS = "delivery-status";
    /** rider (assembly) → merchant and dispatch, key policy kind (compacted): PolicyAdopted. */
    public static final String COOP_POLICIES = "coop-policies";

    private Topics() {
    }
}
