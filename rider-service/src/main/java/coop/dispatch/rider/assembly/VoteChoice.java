package coop.dispatch.rider.assembly;

/** A ballot. Abstentions count towards the quorum, not towards the majority. */
public enum VoteChoice {
    YES, NO, ABSTAIN
}
