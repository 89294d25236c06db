package coop.dispatch.merchant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A pricing policy version the rider assembly adopted, as announced on coop-policies. */
@Entity
@Table(name = "pricing_policy")
public class AdoptedPricingPolicy extends PanacheEntityBase {
    @Id
    public String version;

    @Column(name = "effective_from", nullable = false)
    public Instant effectiveFrom;

    /** The policy document (JSON) exactly as adopted. */
    @Column(nullable = false)
    public String document;

    @Column(name = "proposal_id")
    public String proposalId;

    @Column(name = "adopted_at", nullable = false)
    public Instant adoptedAt;
}
