package coop.dispatch.merchant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The history of a delivery's status, shown to its merchant. */
@Entity
@Table(name = "delivery_status_change")
public class DeliveryStatusChange extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "delivery_id", nullable = false)
    public UUID deliveryId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DeliveryStatus status;

    @Column(nullable = false)
    public Instant at;

    public String reason;

    public static DeliveryStatusChange of(UUID deliveryId, DeliveryStatus status, Instant at) {
        DeliveryStatusChange change = new DeliveryStatusChange();
        change.deliveryId = deliveryId;
        change.status = status;
        change.at = at;
        return change;
    }

    public static DeliveryStatusChange of(UUID deliveryId, DeliveryStatus status, Instant at, String reason) {
        DeliveryStatusChange change = of(deliveryId, status, at);
        change.reason = reason;
        return change;
    }
}
