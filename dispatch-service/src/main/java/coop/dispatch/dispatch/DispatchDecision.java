package coop.dispatch.dispatch;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.UUID;

/** A stored dispatch decision: who was in the queue, in which order, and why everyone else was not. */
@Entity
@Table(name = "dispatch_decision")
public class DispatchDecision extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "delivery_id", nullable = false)
    public UUID deliveryId;

    @Column(name = "made_at", nullable = false)
    public Instant madeAt;

    @Column(name = "rules_version", nullable = false)
    public String rulesVersion;

    @Column(name = "rotation_key", nullable = false)
    public String rotationKey;

    @Column(name = "chosen_rider_id")
    public UUID chosenRiderId;

    /** ROTATION (the engine) or MANUAL (a coordinator's override, with its reason). */
    @Column(nullable = false)
    public String kind = "ROTATION";

    public String reason;

    @Column(name = "decided_by")
    public String decidedBy;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public String candidates;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public String excluded;
}
