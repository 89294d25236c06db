package coop.dispatch.rider.assembly.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import coop.dispatch.commons.outbox.Outbox;
import coop.dispatch.contracts.Topics;
import coop.dispatch.contracts.events.PolicyAdopted;
import coop.dispatch.policies.AssemblyRules;
import coop.dispatch.policies.PolicyDocuments;
import coop.dispatch.rider.assembly.PolicyKind;
import coop.dispatch.rider.assembly.PolicyVersion;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.hibernate.LockOptions;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The adopted versions of every policy. Version 1 of each kind is seeded at first start; every version is announced
 * once as a {@link PolicyAdopted} on coop-policies (key: the kind) through the outbox, so merchant-service and
 * dispatch-service learn the versions in force, also those adopted before they first started.
 */
@ApplicationScoped
public class PolicyVersions {
    private static final Logger LOG = Logger.getLogger(PolicyVersions.class);
    /** Advisory lock ids per kind: adoptions of one kind get consecutive version numbers, one at a time. */
    private static final long LOCK_BASE = 0x6173_7365_6d62_6c00L; // "assembl\0"

    private final EntityManager em;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();

    public PolicyVersions(EntityManager em, Outbox outbox, ObjectMapper json) {
        this.em = em;
        this.outbox = outbox;
        this.json = json;
    }

    void onStart(@Observes StartupEvent event) {
        QuarkusTransaction.requiringNew().run(this::seedAndAnnounce);
    }

    /** Seeds version 1 of every kind (once, however many instances start) and announces what was never announced. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void seedAndAnnounce() {
        Instant now = clock.instant();
        for (PolicyKind kind : PolicyKind.values()) {
            int seeded = em.createNativeQuery("""
                            INSERT INTO assembly_policy_version (kind, version_no, version, document, effective_from,
                                                                 adopted_at)
                            VALUES (?1, 1, ?2, ?3, ?4, ?4) ON CONFLICT DO NOTHING""")
                    .setParameter(1, kind.wireName())
                    .setParameter(2, kind.versionName(1))
                    .setParameter(3, write(PolicyDocuments.defaultDocument(kind.wireName())))
                    .setParameter(4, now)
                    .executeUpdate();
            if (seeded == 1) {
                LOG.infof("Seeded %s policy version %s", kind.wireName(), kind.versionName(1));
            }
        }
        // SKIP LOCKED: an instance starting at the same moment announces the rows this one did not take.
        List<PolicyVersion> unannounced = PolicyVersion.<PolicyVersion>find("publishedAt is null",
                        Sort.by("kind").and("versionNo"))
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint("jakarta.persistence.lock.timeout", LockOptions.SKIP_LOCKED)
                .list();
        for (PolicyVersion v : unannounced) {
            announce(v, now);
        }
    }

    /** The newest adopted version of a kind (possibly not yet in force: see {@link #inForce}). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public PolicyVersion latest(PolicyKind kind) {
        return PolicyVersion.<PolicyVersion>find("kind", Sort.descending("versionNo"), kind.wireName())
                .firstResultOptional()
                .orElseThrow(() -> new IllegalStateException("no " + kind.wireName() + " policy: not seeded"));
    }

    /** The version of a kind that applies at {@code at}: the newest whose effective time has come. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public PolicyVersion inForce(PolicyKind kind, Instant at) {
        return PolicyVersion.<PolicyVersion>find("kind = ?1 and effectiveFrom <= ?2", Sort.descending("versionNo"),
                        kind.wireName(), at)
                .firstResultOptional()
                .orElseGet(() -> version(kind, 1).orElseThrow());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<PolicyVersion> version(PolicyKind kind, int versionNo) {
        return PolicyVersion.<PolicyVersion>find("kind = ?1 and versionNo = ?2", kind.wireName(), versionNo)
                .firstResultOptional();
    }

    /** Every version of a kind, oldest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<PolicyVersion> history(PolicyKind kind) {
        return PolicyVersion.list("kind", Sort.by("versionNo"), kind.wireName());
    }

    /** The assembly rules of a version (of kind assembly). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public AssemblyRules rules(int versionNo) {
        return AssemblyRules.parse(read(version(PolicyKind.ASSEMBLY, versionNo).orElseThrow().document));
    }

    /**
     * Makes {@code document} the next version of its kind, in force from {@code effectiveFrom}, and announces it on
     * coop-policies in the same transaction. Pricing documents get their {@code version} field set to the new name.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public PolicyVersion adopt(PolicyKind kind, JsonNode document, UUID proposalId, Instant effectiveFrom) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(?1)")
                .setParameter(1, LOCK_BASE + kind.ordinal())
                .getSingleResult();
        Number max = (Number) em.createNativeQuery(
                        "SELECT coalesce(max(version_no), 0) FROM assembly_policy_version WHERE kind = ?1")
                .setParameter(1, kind.wireName())
                .getSingleResult();
        int next = max.intValue() + 1;
        PolicyVersion v = new PolicyVersion();
        v.kind = kind.wireName();
        v.versionNo = next;
        v.version = kind.versionName(next);
        v.document = write(named(kind, document, v.version));
        v.effectiveFrom = effectiveFrom;
        v.adoptedAt = clock.instant();
        v.proposalId = proposalId;
        v.persist();
        announce(v, v.adoptedAt);
        LOG.infof("Adopted %s policy version %s (proposal %s), in force from %s", v.kind, v.version, proposalId,
                effectiveFrom);
        return v;
    }

    /** The document as services apply it: a pricing document names its own version, first. */
    public ObjectNode named(PolicyKind kind, JsonNode document, String version) {
        ObjectNode named = json.createObjectNode();
        if (kind == PolicyKind.PRICING) {
            named.put("version", version);
        }
        document.fields().forEachRemaining(f -> {
            if (kind != PolicyKind.PRICING || !f.getKey().equals("version")) {
                named.set(f.getKey(), f.getValue());
            }
        });
        return named;
    }

    private void announce(PolicyVersion v, Instant now) {
        outbox.publish(Topics.COOP_POLICIES, v.kind, new PolicyAdopted(v.kind, v.version, v.effectiveFrom,
                read(v.document), v.proposalId == null ? null : v.proposalId.toString()));
        v.publishedAt = now;
    }

    public JsonNode read(String document) {
        try {
            return json.readTree(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored policy document is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    public String write(JsonNode document) {
        try {
            return json.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
