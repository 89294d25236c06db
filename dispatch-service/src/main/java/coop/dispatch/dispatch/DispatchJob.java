package coop.dispatch.dispatch;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.locationtech.jts.geom.Point;

import java.time.Instant;
import java.util.UUID;

/** A delivery that dispatch has to give to a rider. */
@Entity
@Table(name = "dispatch_job")
public class DispatchJob extends PanacheEntityBase {
    @Id
    @Column(name = "delivery_id")
    public UUID deliveryId;

    @Column(name = "merchant_id", nullable = false)
    public UUID merchantId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public JobStatus status;

    @Column(nullable = false, columnDefinition = "geometry(Point,4326)")
    public Point pickup;

    @Column(nullable = false, columnDefinition = "geometry(Point,4326)")
    public Point dropoff;

    @Column(name = "weight_grams", nullable = false)
    public int weightGrams;

    @Column(name = "price_cents")
    public Long priceCents;

    @Column(name = "rider_pay_cents")
    public Long riderPayCents;

    @Column(name = "pricing_version")
    public String pricingVersion;

    @Column(name = "requested_at", nullable = false)
    public Instant requestedAt;

    /** When it starts being offered: at once for a delivery wanted now, shortly before the pickup of a later one. */
    @Column(name = "offer_from", nullable = false)
    public Instant offerFrom;

    @Column(name = "assigned_rider_id")
    public UUID assignedRiderId;

    @Column(name = "assigned_at")
    public Instant assignedAt;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;
}
