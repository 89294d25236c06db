package coop.dispatch.rider.assembly;

/** A proposal is open for votes until it closes, then adopted or rejected, once. */
public enum ProposalStatus {
    OPEN, ADOPTED, REJECTED
}
