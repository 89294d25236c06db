package coop.dispatch.rider.assembly.service;

import coop.dispatch.commons.outbox.OutboxRelay;
import coop.dispatch.policies.AssemblyRules;
import coop.dispatch.rider.assembly.PolicyKind;
import coop.dispatch.rider.assembly.PolicyVersion;
import coop.dispatch.rider.assembly.Proposal;
import coop.dispatch.rider.assembly.ProposalStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Closes proposals whose voting period has ended, each exactly once: the close starts with a conditional update
 * ({@code ... WHERE status = 'OPEN' AND closes_at <= now}), so of two instances, two scheduler runs or a run
 * repeated after a restart only one ever changes the row; the others update nothing and stop. Tally, result,
 * adoption and the PolicyAdopted event commit in that same transaction, or none of them does and the next run
 * closes the proposal again.
 */
@ApplicationScoped
public class ProposalCloser {
    private static final Logger LOG = Logger.getLogger(ProposalCloser.class);
    private static final int BATCH = 50;

    private final EntityManager em;
    private final PolicyVersions versions;
    private final Voters voters;
    private final Clock clock = Clock.systemUTC();

    public ProposalCloser(EntityManager em, PolicyVersions versions, Voters voters) {
        this.em = em;
        this.versions = versions;
        this.voters = voters;
    }

    @Scheduled(every = "${coop.assembly.close-interval:10s}", delayed = "${coop.assembly.close-delay:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = OutboxRelay.NotRunning.class)
    void scheduled() {
        closeDue();
    }

    /** Closes every proposal due now; returns how many this call closed (not those another closer took). */
    public int closeDue() {
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<UUID> due = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                        SELECT id FROM assembly_proposal WHERE status = 'OPEN' AND closes_at <= ?1
                        ORDER BY closes_at LIMIT ?2""", UUID.class)
                .setParameter(1, now)
                .setParameter(2, BATCH)
                .getResultList());
        int closed = 0;
        for (UUID id : due) {
            try {
                if (QuarkusTransaction.requiringNew().call(() -> close(id, now))) {
                    closed++;
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "Closing proposal %s failed; it stays open and the next run tries again", id);
            }
        }
        return closed;
    }

    /** Closes one proposal if it is still open and due; false if it was not (or someone else closed it first). */
    boolean close(UUID id, Instant now) {
        int claimed = em.createNativeQuery("""
                        UPDATE assembly_proposal SET status = 'REJECTED', closed_at = ?2
                        WHERE id = ?1 AND status = 'OPEN' AND closes_at <= ?2""")
                .setParameter(1, id)
                .setParameter(2, now)
                .executeUpdate();
        if (claimed == 0) {
            return false;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT choice, count(*) FROM assembly_ballot WHERE proposal_id = ?1 GROUP BY choice")
                .setParameter(1, id)
                .getResultList();
        Map<String, Integer> counts = rows.stream().collect(Collectors.toMap(r -> (String) r[0],
                r -> ((Number) r[1]).intValue()));
        Proposal p = em.find(Proposal.class, id);
        PolicyKind kind = p.policyKind();
        AssemblyRules rules = versions.rules(p.rulesVersionNo);
        int eligible = voters.eligibleVoters();
        AssemblyRules.Tally tally = rules.tally(kind.wireName(), counts.getOrDefault("YES", 0),
                counts.getOrDefault("NO", 0), counts.getOrDefault("ABSTAIN", 0), eligible);
        p.yes = (int) tally.yes();
        p.no = (int) tally.no();
        p.abstain = (int) tally.abstain();
        p.eligibleVoters = eligible;
        p.ballotsRequired = (int) tally.ballotsRequired();
        p.outcome = tally.reason();
        if (tally.adopted()) {
            Instant effectiveFrom = now.plus(rules.effectiveDelay());
            PolicyVersion v = versions.adopt(kind, versions.read(p.document), p.id, effectiveFrom);
            p.status = ProposalStatus.ADOPTED;
            p.adoptedVersionNo = v.versionNo;
            p.effectiveFrom = effectiveFrom;
        }
        LOG.infof("Closed %s proposal %s: %s", p.kind, p.id, p.outcome);
        return true;
    }
}
