package coop.dispatch.rider.assembly;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One adopted version of a policy: the whole document, from when it applies, and the proposal that adopted it. */
@Entity
@Table(name = "assembly_policy_version")
@IdClass(PolicyVersion.Key.class)
public class PolicyVersion extends PanacheEntityBase {
    @Id
    public String kind;

    @Id
    @Column(name = "version_no")
    public int versionNo;

    /** The name recorded with every price or decision made under this version. */
    @Column(nullable = false)
    public String version;

    /** The JSON document, as adopted (text, so that its field order stays the one members wrote). */
    @Column(nullable = false)
    public String document;

    @Column(name = "effective_from", nullable = false)
    public Instant effectiveFrom;

    @Column(name = "adopted_at", nullable = false)
    public Instant adoptedAt;

    /** Null for version 1, which ships with the code. */
    @Column(name = "proposal_id")
    public UUID proposalId;

    @Column(name = "published_at")
    public Instant publishedAt;

    public static class Key implements Serializable {
        public String kind;
        public int versionNo;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.versionNo == versionNo && Objects.equals(k.kind, kind);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, versionNo);
        }
    }
}
