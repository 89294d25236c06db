package coop.dispatch.rider.rest;

import coop.dispatch.rider.Offer;
import coop.dispatch.rider.OfferStatus;

import java.util.UUID;

/** The answer to accepting or declining an offer; the dispatcher confirms an acceptance with DeliveryAssigned. */
public record OfferAnswerView(UUID offerId, UUID deliveryId, OfferStatus status) {

    public static OfferAnswerView of(Offer o) {
        return new OfferAnswerView(o.offerId, o.deliveryId, o.status);
    }
}
