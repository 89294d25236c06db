package coop.dispatch.rider.assembly.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.commons.problem.Problem;
import coop.dispatch.policies.AssemblyRules;
import coop.dispatch.policies.PolicyDocuments;
import coop.dispatch.policies.PolicyProblem;
import coop.dispatch.rider.Member;
import coop.dispatch.rider.assembly.PolicyKind;
import coop.dispatch.rider.assembly.PolicyVersion;
import coop.dispatch.rider.assembly.Proposal;
import coop.dispatch.rider.assembly.ProposalStatus;
import coop.dispatch.rider.assembly.VoteChoice;
import coop.dispatch.rider.assembly.config.AssemblyConfig;
import coop.dispatch.rider.assembly.rest.NewProposal;
import coop.dispatch.rider.assembly.rest.ProposalView;
import coop.dispatch.rider.assembly.rest.VoteReceipt;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Proposals: validated before they open, open for a voting period, then closed by {@link ProposalCloser}. */
@ApplicationScoped
public class ProposalService {
    private final EntityManager em;
    private final PolicyVersions versions;
    private final Voters voters;
    private final BallotKeys ballotKeys;
    private final ImpactService impacts;
    private final AssemblyConfig config;
    private final Clock clock = Clock.systemUTC();

    public ProposalService(EntityManager em, PolicyVersions versions, Voters voters, BallotKeys ballotKeys,
                           ImpactService impacts, AssemblyConfig config) {
        this.impacts = impacts;
        this.em = em;
        this.versions = versions;
        this.voters = voters;
        this.ballotKeys = ballotKeys;
        this.config = config;
    }

    /**
     * Opens a proposal if its document is valid. Validation (CEL type checks and sample evaluations for pricing)
     * runs before the transaction, so it holds no database connection.
     */
    public Proposal propose(UUID memberId, NewProposal request) {
        voters.requireVoter(memberId);
        PolicyKind kind = PolicyKind.of(request.kind()).orElseThrow(() -> ApiException.badRequest(
                "kind: must be pricing, dispatch or assembly"));
        ObjectNode document = proposedDocument(kind, request.document());
        List<PolicyProblem> problems = PolicyDocuments.validate(kind.wireName(),
                versions.named(kind, document, "proposed"));
        if (!problems.isEmpty()) {
            List<Problem.Violation> violations = problems.stream()
                    .map(p -> new Problem.Violation("document" + (p.field().equals("$") ? "" : "." + p.field()),
                            p.message()))
                    .toList();
            throw new ApiException(422, "Invalid policy document", problems.size() + " problem(s) in the proposed "
                    + kind.wireName() + " document: " + String.join("; ",
                    violations.stream().map(v -> v.field() + ": " + v.message()).toList()), violations);
        }
        Proposal p = QuarkusTransaction.requiringNew().call(() -> open(memberId, kind, document, request));
        impacts.prepare(p);
        return p;
    }

    private Proposal open(UUID memberId, PolicyKind kind, ObjectNode document, NewProposal request) {
        Instant now = clock.instant();
        PolicyVersion base = versions.latest(kind);
        if (JsonDiff.diff(comparable(kind, versions.read(base.document)), document).isEmpty()) {
            throw ApiException.unprocessable("The proposed document is version " + base.version
                    + " as it stands: there is nothing to vote on");
        }
        PolicyVersion rulesVersion = versions.inForce(PolicyKind.ASSEMBLY, now);
        AssemblyRules rules = AssemblyRules.parse(versions.read(rulesVersion.document));
        Proposal p = new Proposal();
        p.id = UUID.randomUUID();
        p.kind = kind.wireName();
        p.document = versions.write(document);
        p.rationale = request.rationale().strip();
        p.proposerId = memberId;
        p.baseVersionNo = base.versionNo;
        p.rulesVersionNo = rulesVersion.versionNo;
        p.createdAt = now;
        p.closesAt = now.plus(votingPeriod(rules, request.votingPeriod()));
        p.status = ProposalStatus.OPEN;
        p.persist();
        return p;
    }

    private Duration votingPeriod(AssemblyRules rules, Duration asked) {
        Duration period = rules.votingPeriod();
        if (asked == null) {
            return period;
        }
        List<Problem.Violation> problem;
        if (config.minVotingPeriod().isEmpty()) {
            problem = List.of(new Problem.Violation("votingPeriod", "is set by the assembly rules ("
                    + rules.votingPeriodHours() + " hours) and cannot be chosen on this installation"));
        } else if (asked.compareTo(config.minVotingPeriod().get()) < 0) {
            problem = List.of(new Problem.Violation("votingPeriod", "must be at least "
                    + config.minVotingPeriod().get()));
        } else if (asked.compareTo(period) > 0) {
            problem = List.of(new Problem.Violation("votingPeriod", "may only shorten the assembly's voting period ("
                    + rules.votingPeriodHours() + " hours)"));
        } else {
            return asked;
        }
        throw new ApiException(422, "Unprocessable request", problem.get(0).field() + ": " + problem.get(0).message(),
                problem);
    }

    /** The document as a proposal stores it: pricing without its version (adoption assigns the next one). */
    static ObjectNode proposedDocument(PolicyKind kind, JsonNode document) {
        if (document == null || !document.isObject()) {
            throw new ApiException(422, "Invalid policy document", "document: must be a JSON object",
                    List.of(new Problem.Violation("document", "must be a JSON object")));
        }
        return comparable(kind, document);
    }

    /** What members compare: a pricing document's version name is not a change they vote on. */
    static ObjectNode comparable(PolicyKind kind, JsonNode document) {
        ObjectNode copy = ((ObjectNode) document).deepCopy();
        if (kind == PolicyKind.PRICING) {
            copy.remove("version");
        }
        return copy;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Proposal proposal(UUID id) {
        Proposal p = Proposal.findById(id);
        if (p == null) {
            throw ApiException.notFound("Proposal", id);
        }
        return p;
    }

    /** Newest first, optionally only of one status and kind. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ProposalView> list(UUID viewer, ProposalStatus status, String kind, int limit) {
        StringBuilder query = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (status != null) {
            query.append(" and status = :status");
            params.put("status", status);
        }
        if (kind != null) {
            query.append(" and kind = :kind");
            params.put("kind", kind);
        }
        List<Proposal> proposals = Proposal.<Proposal>find(query + " order by createdAt desc", params)
                .page(0, limit).list();
        Set<UUID> voted = votedOn(viewer, proposals.stream().map(p -> p.id).toList());
        int eligible = voters.eligibleVoters();
        return proposals.stream().map(p -> view(p, voted.contains(p.id), eligible, false)).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ProposalView view(UUID viewer, UUID id) {
        Proposal p = proposal(id);
        return view(p, !votedOn(viewer, List.of(id)).isEmpty(), voters.eligibleVoters(), true);
    }

    ProposalView view(Proposal p, boolean youVoted, int eligibleNow, boolean withDocument) {
        PolicyKind kind = p.policyKind();
        PolicyVersion base = versions.version(kind, p.baseVersionNo).orElseThrow();
        PolicyVersion latest = versions.latest(kind);
        PolicyVersion against = p.status == ProposalStatus.OPEN ? latest : base;
        JsonNode document = versions.read(p.document);
        List<JsonDiff.Entry> changes = JsonDiff.diff(comparable(kind, versions.read(against.document)), document);
        AssemblyRules rules = versions.rules(p.rulesVersionNo);
        String rulesName = PolicyKind.ASSEMBLY.versionName(p.rulesVersionNo);
        boolean supermajority = kind == PolicyKind.ASSEMBLY;
        ProposalView.Rules rulesView = new ProposalView.Rules(rulesName, rules.quorum(),
                supermajority ? rules.supermajority() : rules.majority(), supermajority);
        ProposalView.Result result = null;
        int ballots;
        if (p.status == ProposalStatus.OPEN) {
            ballots = ballotsCast(p.id);
        } else {
            AssemblyRules.Tally t = rules.tally(kind.wireName(), p.yes, p.no, p.abstain, p.eligibleVoters);
            ballots = (int) t.ballots();
            result = new ProposalView.Result(p.yes, p.no, p.abstain, p.eligibleVoters, p.ballotsRequired,
                    t.quorumMet(), t.yesShare(), p.status == ProposalStatus.ADOPTED, p.outcome,
                    p.adoptedVersionNo == null ? null : kind.versionName(p.adoptedVersionNo), p.effectiveFrom);
        }
        Member proposer = Member.findById(p.proposerId);
        return new ProposalView(p.id, p.kind, p.status, p.rationale, p.proposerId,
                proposer == null ? null : proposer.displayName, p.createdAt, p.closesAt, p.closedAt, base.version,
                against.version, p.status == ProposalStatus.OPEN && latest.versionNo != base.versionNo, changes,
                withDocument ? document : null, rulesView, ballots,
                p.status == ProposalStatus.OPEN ? eligibleNow : p.eligibleVoters, youVoted, result);
    }

    /**
     * Casts or replaces a member's ballot. The proposal row is share-locked, so a close that starts meanwhile waits
     * for this ballot and counts it, and a ballot after the close is refused.
     */
    @Transactional
    public VoteReceipt vote(UUID memberId, UUID proposalId, VoteChoice choice) {
        voters.requireVoter(memberId);
        Proposal p = em.find(Proposal.class, proposalId, LockModeType.PESSIMISTIC_READ);
        if (p == null) {
            throw ApiException.notFound("Proposal", proposalId);
        }
        Instant now = clock.instant();
        if (p.status != ProposalStatus.OPEN || !now.isBefore(p.closesAt)) {
            throw ApiException.conflict("Voting on this proposal closed at "
                    + DateTimeFormatter.ISO_INSTANT.format(p.closesAt));
        }
        em.createNativeQuery("""
                        INSERT INTO assembly_ballot (proposal_id, ballot_key, choice) VALUES (?1, ?2, ?3)
                        ON CONFLICT (proposal_id, ballot_key) DO UPDATE SET choice = excluded.choice""")
                .setParameter(1, proposalId)
                .setParameter(2, ballotKeys.keyOf(proposalId, memberId))
                .setParameter(3, choice.name())
                .executeUpdate();
        int firstBallot = em.createNativeQuery("""
                        INSERT INTO assembly_voter_roll (proposal_id, member_id) VALUES (?1, ?2)
                        ON CONFLICT DO NOTHING""")
                .setParameter(1, proposalId)
                .setParameter(2, memberId)
                .executeUpdate();
        return new VoteReceipt(proposalId, firstBallot == 0, ballotsCast(proposalId), p.closesAt);
    }

    int ballotsCast(UUID proposalId) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM assembly_ballot WHERE proposal_id = ?1")
                .setParameter(1, proposalId).getSingleResult()).intValue();
    }

    @SuppressWarnings("unchecked")
    private Set<UUID> votedOn(UUID member, List<UUID> proposals) {
        if (member == null || proposals.isEmpty()) {
            return Set.of();
        }
        List<UUID> rows = em.createNativeQuery("""
                        SELECT proposal_id FROM assembly_voter_roll
                        WHERE member_id = :member AND proposal_id IN (:ids)""",
                        UUID.class)
                .setParameter("member", member)
                .setParameter("ids", proposals)
                .getResultList();
        return new HashSet<>(rows);
    }
}
