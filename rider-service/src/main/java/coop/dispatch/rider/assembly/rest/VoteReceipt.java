package coop.dispatch.rider.assembly.rest;

import java.time.Instant;
import java.util.UUID;

/**
 * The ballot was counted. It does not repeat the choice: ballots are secret, and an answer that carried it could be
 * shown to someone else as proof of how one voted.
 */
public record VoteReceipt(UUID proposalId, boolean replacedEarlierBallot, int ballotsCast, Instant closesAt) {
}
