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

/**
 * A delivery assigned to a rider of this cooperative. The coordinates are copied from the accepted offer; a job a
 * coordinator assigned by hand, without an offer this service saw, has none.
 */
@Entity
@Table(name = "job")
public class Job extends PanacheEntityBase {
    @Id
    @Column(name = "delivery_id")
    public UUID deliveryId;

    @Column(name = "rider_id", nullable = false)
    public UUID riderId;

    @Column(name = "offer_id")
    public UUID offerId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public JobStatus status;

    @Column(name = "assigned_at", nullable = false)
    public Instant assignedAt;

    @Column(name = "picked_up_at")
    public Instant pickedUpAt;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    @Column(name = "pickup_lat")
    public Double pickupLat;
    @Column(name = "pickup_lon")
    public Double pickupLon;
    @Column(name = "dropoff_lat")
    public Double dropoffLat;
    @Column(name = "dropoff_lon")
    public Double dropoffLon;

    /** What the rider earns on delivery, copied from the offer; null if the delivery carried no price. */
    @Column(name = "rider_pay_cents")
    public Long riderPayCents;

    /** The rider's shift when the job was assigned; null for a job assigned while the rider was offline. */
    @Column(name = "shift_id")
    public UUID shiftId;

    @Column(name = "failed_at")
    public Instant failedAt;

    @Column(name = "failure_reason")
    public String failureReason;

    /** When the shop cancelled the delivery before it was picked up, and why. */
    @Column(name = "cancelled_at")
    public Instant cancelledAt;

    @Column(name = "cancel_reason")
    public String cancelReason;

    /** Proof of delivery: who took the parcel, as the rider typed it. */
    @Column(name = "recipient_name")
    public String recipientName;
}
