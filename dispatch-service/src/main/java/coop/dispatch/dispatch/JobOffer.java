package coop.dispatch.dispatch;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One offer of one delivery to one rider, open until answered or expired. */
@Entity
@Table(name = "job_offer")
public class JobOffer extends PanacheEntityBase {
    @Id
    @Column(name = "offer_id")
    public UUID offerId;

    @Column(name = "delivery_id", nullable = false)
    public UUID deliveryId;

    @Column(name = "rider_id", nullable = false)
    public UUID riderId;

    @Column(name = "decision_id", nullable = false)
    public UUID decisionId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public OfferStatus status;

    @Column(name = "offered_at", nullable = false)
    public Instant offeredAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "answered_at")
    public Instant answeredAt;
}
