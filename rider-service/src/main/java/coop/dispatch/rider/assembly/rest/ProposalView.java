package coop.dispatch.rider.assembly.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import coop.dispatch.rider.assembly.ProposalStatus;
import coop.dispatch.rider.assembly.service.JsonDiff;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A proposal as members see it: what it changes (field by field, against the version it would replace while open,
 * against the version it was written for once closed), the rules it is decided by, the turnout, and once closed the
 * totals and the result. Who voted what is never part of it.
 *
 * @param basedOnOlderVersion another version of this kind was adopted after the proposal was written: its document
 *                            would replace that one as a whole
 * @param youVoted            whether the caller has cast a ballot (not which)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProposalView(UUID id, String kind, ProposalStatus status, String rationale, UUID proposerId,
                           String proposerName, Instant createdAt, Instant closesAt, Instant closedAt,
                           String baseVersion, String comparedWith, boolean basedOnOlderVersion,
                           List<JsonDiff.Entry> changes, JsonNode document, Rules rules, int ballotsCast,
                           int eligibleVoters, boolean youVoted, Result result) {

    /** The assembly rules the proposal is decided by (those in force when it opened). */
    public record Rules(String version, double quorum, double threshold, boolean supermajority) {
    }

    /** Totals and outcome; {@code eligibleVoters} are the active members when the vote closed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(int yes, int no, int abstain, int eligibleVoters, int ballotsRequired, boolean quorumMet,
                         Double yesShare, boolean adopted, String outcome, String adoptedVersion,
                         Instant effectiveFrom) {
    }
}
