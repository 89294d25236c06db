package coop.dispatch.rider.rest;

import java.time.Instant;

/** The answer to a location report: how many points were stored, and the one passed on to dispatch. */
public record LocationReceipt(int stored, TrailPoint latest, Instant keptUntil) {
}
