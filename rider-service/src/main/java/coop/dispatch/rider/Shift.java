package coop.dispatch.rider;

import coop.dispatch.contracts.events.Vehicle;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.locationtech.jts.geom.Point;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The time a rider is online and can be offered jobs. At most one shift per rider is open (ended_at is null). */
@Entity
@Table(name = "shift")
public class Shift extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "rider_id", nullable = false)
    public UUID riderId;

    /** The vehicle ridden during this shift, copied from the member when the shift starts. */
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Vehicle vehicle;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "start_location", nullable = false, columnDefinition = "geometry(Point,4326)")
    public Point startLocation;

    @Column(name = "last_location", columnDefinition = "geometry(Point,4326)")
    public Point lastLocation;

    @Column(name = "last_location_at")
    public Instant lastLocationAt;

    public static Optional<Shift> openOf(UUID riderId) {
        return find("riderId = ?1 and endedAt is null", riderId).firstResultOptional();
    }
}
