package coop.dispatch.merchant.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import coop.dispatch.contracts.events.PolicyAdopted;
import coop.dispatch.merchant.AdoptedPricingPolicy;
import coop.dispatch.policies.CompiledPricingPolicy;
import coop.dispatch.policies.InvalidPolicyException;
import coop.dispatch.policies.PricingPolicies;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The pricing policy in force: the default version shipped with the code until the rider assembly adopts one, then
 * the adopted version with the latest {@code effectiveFrom} that has passed. Adopted versions are stored; every
 * instance reloads them from the database regularly, since only one instance of the group reads each event.
 */
@ApplicationScoped
public class PricingService {
    private static final Logger LOG = Logger.getLogger(PricingService.class);

    private final EntityManager em;
    private final ObjectMapper json;
    private final Event<PolicyStored> stored;
    private final Clock clock = Clock.systemUTC();
    private volatile List<Effective> adopted;

    public PricingService(EntityManager em, ObjectMapper json, Event<PolicyStored> stored) {
        this.em = em;
        this.json = json;
        this.stored = stored;
    }

    /** An adopted version from its effective time on. */
    public record Effective(Instant effectiveFrom, CompiledPricingPolicy policy, String proposalId) {
    }

    record PolicyStored(String version) {
    }

    public CompiledPricingPolicy current() {
        return currentEffective().policy();
    }

    /** The policy in force now, with its effective time (the default's is {@link Instant#EPOCH}). */
    public Effective currentEffective() {
        List<Effective> versions = adopted;
        if (versions == null) {
            versions = reload();
        }
        Instant now = clock.instant();
        Effective best = null;
        for (Effective e : versions) {
            if (!e.effectiveFrom().isAfter(now)) {
                best = e;
            }
        }
        return best != null ? best : new Effective(Instant.EPOCH, PricingPolicies.defaultPolicy(), null);
    }

    /** Every adopted version, oldest effective first. */
    public List<Effective> adoptedVersions() {
        List<Effective> versions = adopted;
        return versions == null ? reload() : versions;
    }

    /**
     * Stores an adopted pricing policy; invalid documents are logged and skipped (the assembly validates proposals
     * with the same code before the vote, so this only guards against a bug or a foreign writer).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean adopt(PolicyAdopted event) {
        if (!PricingPolicies.KIND.equals(event.kind())) {
            return false;
        }
        CompiledPricingPolicy policy;
        try {
            policy = PricingPolicies.compile(event.document());
        } catch (InvalidPolicyException e) {
            LOG.errorf("Refused pricing policy %s from proposal %s: %s", event.version(), event.proposalId(),
                    e.getMessage());
            return false;
        }
        if (event.version() != null && !event.version().equals(policy.version())) {
            LOG.warnf("Pricing policy event names version %s but its document says %s; the document wins",
                    event.version(), policy.version());
        }
        int inserted = em.createNativeQuery("""
                        INSERT INTO pricing_policy (version, effective_from, document, proposal_id, adopted_at)
                        VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (version) DO NOTHING""")
                .setParameter(1, policy.version())
                .setParameter(2, event.effectiveFrom() == null ? clock.instant() : event.effectiveFrom())
                .setParameter(3, event.document().toString())
                .setParameter(4, event.proposalId())
                .setParameter(5, clock.instant())
                .executeUpdate();
        if (inserted == 0) {
            LOG.infof("Pricing policy version %s was already adopted; kept the stored one", policy.version());
            return false;
        }
        LOG.infof("Pricing policy version %s adopted, effective from %s", policy.version(), event.effectiveFrom());
        stored.fire(new PolicyStored(policy.version()));
        return true;
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) PolicyStored event) {
        adopted = null; // reloaded on next use, in a transaction of its own
    }

    @Scheduled(every = "${coop.pricing.reload-interval:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        reload();
    }

    synchronized List<Effective> reload() {
        List<AdoptedPricingPolicy> rows = QuarkusTransaction.requiringNew().call(() ->
                AdoptedPricingPolicy.<AdoptedPricingPolicy>listAll(Sort.by("effectiveFrom").and("adoptedAt")));
        List<Effective> versions = new ArrayList<>();
        for (AdoptedPricingPolicy row : rows) {
            try {
                JsonNode document = json.readTree(row.document);
                versions.add(new Effective(row.effectiveFrom, PricingPolicies.compile(document), row.proposalId));
            } catch (InvalidPolicyException e) {
                LOG.errorf("Stored pricing policy %s no longer validates, ignored: %s", row.version, e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        versions.sort(Comparator.comparing(Effective::effectiveFrom));
        adopted = List.copyOf(versions);
        return adopted;
    }
}
