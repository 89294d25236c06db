package coop.dispatch.rider.rest;

import coop.dispatch.commons.geo.GeoPoints;
import coop.dispatch.commons.geo.Location;
import coop.dispatch.contracts.events.Vehicle;
import coop.dispatch.rider.Shift;

import java.time.Instant;
import java.util.UUID;

/** A rider's shift: when it started (and ended), where the rider started and was last seen. */
public record ShiftView(UUID id, UUID riderId, Vehicle vehicle, Instant startedAt, Instant endedAt,
                        Location startLocation, Location lastLocation, Instant lastLocationAt) {

    public static ShiftView of(Shift s) {
        return new ShiftView(s.id, s.riderId, s.vehicle, s.startedAt, s.endedAt,
                Location.of(GeoPoints.of(s.startLocation)),
                s.lastLocation == null ? null : Location.of(GeoPoints.of(s.lastLocation)), s.lastLocationAt);
    }
}
