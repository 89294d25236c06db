package coop.dispatch.merchant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A merchant's endpoint for status notifications. The secret signs every notification (HMAC-SHA256), so it is kept
 * readable here, unlike client secrets; it is shown to the merchant once, when the webhook is created.
 */
@Entity
@Table(name = "webhook")
public class Webhook extends PanacheEntityBase {
    public enum Flavour {
        COOPDISPATCH, COOPCYCLE
    }

    @Id
    public UUID id;

    @Column(name = "merchant_id", nullable = false)
    public UUID merchantId;

    @Column(nullable = false)
    public String url;

    /** Comma-separated event names, e.g. "assigned,delivered". */
    @Column(nullable = false)
    public String events;

    @Column(nullable = false)
    public String secret;

    /** Whose notifications: ours (X-Coop-Signature) or CoopCycle's ({"data":…}, X-CoopCycle-Signature). */
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Flavour flavour = Flavour.COOPDISPATCH;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    public List<String> eventList() {
        return Arrays.asList(events.split(","));
    }
}
