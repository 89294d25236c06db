package coop.dispatch.merchant;

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

/** One parcel to carry from a pickup to a dropoff, owned by one merchant. */
@Entity
@Table(name = "delivery")
public class Delivery extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "merchant_id", nullable = false)
    public UUID merchantId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DeliveryStatus status;

    public String reference;

    @Column(name = "pickup_address", nullable = false)
    public String pickupAddress;
    @Column(name = "pickup_location", nullable = false, columnDefinition = "geometry(Point,4326)")
    public Point pickupLocation;
    @Column(name = "pickup_contact_name")
    public String pickupContactName;
    @Column(name = "pickup_phone")
    public String pickupPhone;
    @Column(name = "pickup_notes")
    public String pickupNotes;
    @Column(name = "pickup_after")
    public Instant pickupAfter;
    @Column(name = "pickup_before")
    public Instant pickupBefore;

    @Column(name = "dropoff_address", nullable = false)
    public String dropoffAddress;
    @Column(name = "dropoff_location", nullable = false, columnDefinition = "geometry(Point,4326)")
    public Point dropoffLocation;
    @Column(name = "dropoff_contact_name")
    public String dropoffContactName;
    @Column(name = "dropoff_phone")
    public String dropoffPhone;
    @Column(name = "dropoff_notes")
    public String dropoffNotes;
    @Column(name = "dropoff_after")
    public Instant dropoffAfter;
    @Column(name = "dropoff_before")
    public Instant dropoffBefore;

    @Column(name = "weight_grams", nullable = false)
    public int weightGrams;

    /** S, M, L or XL; null if the merchant did not say. */
    public String size;

    /** The merchant's packages as a JSON array of {type, quantity}; null if not given. */
    public String packages;

    /** The smallest vehicle that carries the parcel, as the pricing policy decided. */
    public String vehicle;

    @Column(name = "price_cents")
    public Long priceCents;
    @Column(name = "rider_pay_cents")
    public Long riderPayCents;
    public String currency;
    @Column(name = "pricing_version")
    public String pricingVersion;

    @Column(name = "distance_meters")
    public Integer distanceMeters;
    @Column(name = "duration_seconds")
    public Integer durationSeconds;
    /** ROUTED (bike route from dispatch's routing API) or STRAIGHT_LINE (great-circle distance × detour factor). */
    @Column(name = "distance_source")
    public String distanceSource;

    /** The secret part of the public tracking link; unguessable, never derived from the id. */
    @Column(name = "tracking_token")
    public String trackingToken;

    /** Why the delivery was cancelled, failed or found no rider. */
    @Column(name = "status_reason")
    public String statusReason;

    @Column(name = "rider_id")
    public UUID riderId;

    /** The courier's latest position while PICKED_UP (for the tracking page only); null otherwise. */
    @Column(name = "courier_lat")
    public Double courierLat;

    @Column(name = "courier_lon")
    public Double courierLon;

    /** When the courier was at that position; set to the pick-up time at pick-up so that only later points count. */
    @Column(name = "courier_seen_at")
    public Instant courierSeenAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;
}
