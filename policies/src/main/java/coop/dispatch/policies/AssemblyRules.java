package coop.dispatch.policies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How the rider assembly decides, itself a policy document voted by the assembly:
 * <pre>
 * quorum                 0..1      share of the active members who must cast a ballot (yes, no or abstain)
 * majority               0.5..<1   a proposal needs a yes share (yes / (yes + no)) of MORE than this
 * supermajority          majority..<1  the same, for proposals that change these rules
 * votingPeriodHours      1..720    how long a proposal is open for votes
 * effectiveDelayMinutes  0..43200  how long after adoption a new version applies (notice for merchants and riders)
 * </pre>
 * Both thresholds are strict, so a tie is never a majority. Two thirds is written 0.6666: 2 yes to 1 no (0.6667)
 * passes, 3 yes to 2 no (0.6) does not.
 */
public record AssemblyRules(double quorum, double majority, double supermajority, long votingPeriodHours,
                            long effectiveDelayMinutes) {
    public static final String KIND = "assembly";
    static final Set<String> FIELDS = Set.of("quorum", "majority", "supermajority", "votingPeriodHours",
            "effectiveDelayMinutes");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Version 1: 30 % quorum, simple majority, two thirds to change these rules, a week to vote, no delay. */
    public static AssemblyRules defaults() {
        return new AssemblyRules(0.3, 0.5, 0.6666, 168, 0);
    }

    public static ObjectNode defaultDocument() {
        return defaults().toDocument();
    }

    public ObjectNode toDocument() {
        ObjectNode d = MAPPER.createObjectNode();
        d.put("quorum", quorum);
        d.put("majority", majority);
        d.put("supermajority", supermajority);
        d.put("votingPeriodHours", votingPeriodHours);
        d.put("effectiveDelayMinutes", effectiveDelayMinutes);
        return d;
    }

    public Duration votingPeriod() {
        return Duration.ofHours(votingPeriodHours);
    }

    public Duration effectiveDelay() {
        return Duration.ofMinutes(effectiveDelayMinutes);
    }

    /** Every problem of the document; empty if it can be adopted. */
    public static List<PolicyProblem> validate(JsonNode document) {
        if (document == null || !document.isObject()) {
            return DocumentFields.notAnObject("the assembly rules are");
        }
        List<PolicyProblem> problems = new ArrayList<>();
        DocumentFields f = new DocumentFields(document, "", problems);
        f.onlyKnown(FIELDS);
        f.number("quorum", 0, 1, false);
        Double majority = f.number("majority", 0.5, 1, true);
        Double supermajority = f.number("supermajority", 0.5, 1, true);
        f.integer("votingPeriodHours", 1, 720);
        f.integer("effectiveDelayMinutes", 0, 43_200);
        if (majority != null && supermajority != null && supermajority < majority) {
            f.problem("supermajority", "must be at least the majority (" + majority + "): changing the rules of "
                    + "the assembly must not be easier than any other decision");
        }
        return problems;
    }

    /** Reads a document; throws {@link InvalidPolicyException} with every problem if it is not valid. */
    public static AssemblyRules parse(JsonNode document) {
        List<PolicyProblem> problems = validate(document);
        if (!problems.isEmpty()) {
            throw new InvalidPolicyException(problems);
        }
        return new AssemblyRules(document.get("quorum").asDouble(), document.get("majority").asDouble(),
                document.get("supermajority").asDouble(), document.get("votingPeriodHours").asLong(),
                document.get("effectiveDelayMinutes").asLong());
    }

    /**
     * Counts a closed vote. Abstentions count towards the quorum but not towards the majority; with no yes and no no
     * at all there is no majority.
     *
     * @param kind            the kind of policy voted on: "assembly" needs the supermajority
     * @param eligibleVoters  the active members when the vote closed
     */
    public Tally tally(String kind, long yes, long no, long abstain, long eligibleVoters) {
        if (yes < 0 || no < 0 || abstain < 0 || eligibleVoters < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
        long ballots = yes + no + abstain;
        // The epsilon keeps 0.3 × 10 (3.0000000000000004 in binary) at 3 ballots, not 4.
        long required = (long) Math.ceil(quorum * eligibleVoters - 1e-9);
        boolean quorumMet = ballots >= required && ballots > 0;
        boolean supermajorityNeeded = KIND.equals(kind);
        double threshold = supermajorityNeeded ? supermajority : majority;
        Double yesShare = yes + no == 0 ? null : (double) yes / (yes + no);
        boolean majorityReached = yesShare != null && yesShare > threshold;
        boolean adopted = quorumMet && majorityReached;
        String reason;
        if (!quorumMet) {
            reason = String.format(Locale.ROOT, "Quorum missed: %d ballot(s) cast, %d needed (%s of %d active members)",
                    ballots, Math.max(required, 1), percent(quorum), eligibleVoters);
        } else if (yesShare == null) {
            reason = "Not adopted: every ballot was an abstention";
        } else if (!majorityReached) {
            reason = String.format(Locale.ROOT, "Not adopted: %d yes and %d no (%s yes) %s; %s needs more than %s",
                    yes, no, percent(yesShare), yes == no ? "is a tie" : "is not enough",
                    supermajorityNeeded ? "a change of the assembly rules" : "a proposal", percent(threshold));
        } else {
            reason = String.format(Locale.ROOT, "Adopted: %d yes and %d no (%s yes), more than %s%s; %d of %d active "
                            + "members voted", yes, no, percent(yesShare), percent(threshold),
                    supermajorityNeeded ? " (supermajority for assembly rules)" : "", ballots, eligibleVoters);
        }
        return new Tally(yes, no, abstain, eligibleVoters, Math.max(required, 1), quorumMet, yesShare, threshold,
                supermajorityNeeded, adopted, reason);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    /** The result of a vote, with the figures it was decided on and the reason in words. */
    public record Tally(long yes, long no, long abstain, long eligibleVoters, long ballotsRequired, boolean quorumMet,
                        Double yesShare, double threshold, boolean supermajority, boolean adopted, String reason) {
        public long ballots() {
            return yes + no + abstain;
        }
    }
}
