package coop.dispatch.rider.rest;

import coop.dispatch.contracts.events.Vehicle;
import coop.dispatch.rider.Member;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What a rider's app shows about its own user: the profile, and the open shift if the rider is online. */
public record RiderProfileView(UUID id, String username, String displayName, List<String> roles, Vehicle vehicle,
                               Instant createdAt, boolean online, ShiftView shift) {

    public static RiderProfileView of(Member m, ShiftView openShift) {
        return new RiderProfileView(m.id, m.username, m.displayName, List.copyOf(m.roles), m.vehicle, m.createdAt,
                openShift != null, openShift);
    }
}
