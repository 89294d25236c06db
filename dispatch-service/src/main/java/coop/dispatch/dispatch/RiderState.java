package coop.dispatch.dispatch;

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
import java.util.UUID;

/** A rider as dispatch sees them: online or not, where, free since when, on which job. */
@Entity
@Table(name = "rider_state")
public class RiderState extends PanacheEntityBase {
    @Id
    @Column(name = "rider_id")
    public UUID riderId;

    @Column(nullable = false)
    public boolean online;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Vehicle vehicle;

    @Column(columnDefinition = "geometry(Point,4326)")
    public Point location;

    @Column(name = "location_at")
    public Instant locationAt;

    @Column(name = "online_since")
    public Instant onlineSince;

    @Column(name = "waiting_since")
    public Instant waitingSince;

    @Column(name = "jobs_this_shift", nullable = false)
    public int jobsThisShift;

    @Column(name = "earned_cents", nullable = false)
    public long earnedCents;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
