package coop.dispatch.rider;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A delivery the dispatcher offered to one rider, as that rider's phone shows it, and the rider's answer. */
@Entity
@Table(name = "offer")
public class Offer extends PanacheEntityBase {
    @Id
    @Column(name = "offer_id")
    public UUID offerId;

    @Column(name = "delivery_id", nullable = false)
    public UUID deliveryId;

    @Column(name = "rider_id", nullable = false)
    public UUID riderId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public OfferStatus status;

    @Column(name = "pickup_lat", nullable = false)
    public double pickupLat;
    @Column(name = "pickup_lon", nullable = false)
    public double pickupLon;
    @Column(name = "dropoff_lat", nullable = false)
    public double dropoffLat;
    @Column(name = "dropoff_lon", nullable = false)
    public double dropoffLon;

    @Column(name = "pickup_distance_m", nullable = false)
    public double pickupDistanceMeters;

    @Column(name = "pickup_seconds", nullable = false)
    public long pickupSeconds;

    @Column(name = "offered_at", nullable = false)
    public Instant offeredAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "answered_at")
    public Instant answeredAt;

    @Column(name = "withdrawn_reason")
    public String withdrawnReason;

    /** What the rider earns for this job; null if the delivery carries no price. */
    @Column(name = "rider_pay_cents")
    public Long riderPayCents;

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
