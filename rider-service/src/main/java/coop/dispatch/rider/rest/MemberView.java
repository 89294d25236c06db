package coop.dispatch.rider.rest;

import coop.dispatch.contracts.events.Vehicle;
import coop.dispatch.rider.Member;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A member as coordinators list them; never the password hash. */
public record MemberView(UUID id, String username, String displayName, List<String> roles, Vehicle vehicle,
                         boolean active, Instant createdAt) {

    public static MemberView of(Member m) {
        return new MemberView(m.id, m.username, m.displayName, List.copyOf(m.roles), m.vehicle, m.active,
                m.createdAt);
    }
}
