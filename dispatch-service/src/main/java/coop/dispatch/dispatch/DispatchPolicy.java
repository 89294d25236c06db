package coop.dispatch.dispatch;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/** A dispatch policy version adopted by the rider assembly, as received on the policy topic. */
@Entity
@Table(name = "dispatch_policy")
public class DispatchPolicy extends PanacheEntityBase {
    @Id
    public String version;

    @Column(name = "effective_from", nullable = false)
    public Instant effectiveFrom;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public String document;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;
}
