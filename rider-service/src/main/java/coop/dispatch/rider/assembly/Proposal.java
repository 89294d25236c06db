package coop.dispatch.rider.assembly;

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
 * A member's proposal of a whole new policy document, open for votes until {@code closesAt}, then decided by the
 * assembly rules version it opened under. The result fields are filled once, by whoever closed it.
 */
@Entity
@Table(name = "assembly_proposal")
public class Proposal extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(nullable = false)
    public String kind;

    /** The proposed document (pricing: without its {@code version}, which adoption assigns). */
    @Column(nullable = false)
    public String document;

    @Column(nullable = false)
    public String rationale;

    @Column(name = "proposer_id", nullable = false)
    public UUID proposerId;

    @Column(name = "base_version_no", nullable = false)
    public int baseVersionNo;

    @Column(name = "rules_version_no", nullable = false)
    public int rulesVersionNo;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "closes_at", nullable = false)
    public Instant closesAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ProposalStatus status;

    @Column(name = "closed_at")
    public Instant closedAt;

    @Column(name = "yes_count")
    public Integer yes;

    @Column(name = "no_count")
    public Integer no;

    @Column(name = "abstain_count")
    public Integer abstain;

    @Column(name = "eligible_voters")
    public Integer eligibleVoters;

    @Column(name = "ballots_required")
    public Integer ballotsRequired;

    /** The result in words, e.g. "Quorum missed: 2 ballot(s) cast, 3 needed (30.0 % of 10 active members)". */
    public String outcome;

    @Column(name = "adopted_version_no")
    public Integer adoptedVersionNo;

    @Column(name = "effective_from")
    public Instant effectiveFrom;

    public PolicyKind policyKind() {
        return PolicyKind.of(kind).orElseThrow();
    }
}
