package coop.dispatch.rider.service;

import java.util.UUID;

/**
 * Something a rider's phone should hear about at once. Fired inside the transaction that made the change and
 * pushed by {@link LiveFeed} only after it committed, so a phone never sees an offer that was rolled back.
 */
public record RiderNotice(UUID riderId, String type, Object body) {
}
