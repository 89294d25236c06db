package coop.dispatch.merchant;

/** A delivery as its merchant sees it. The rank orders the forward path; final states have no successor. */
public enum DeliveryStatus {
    REQUESTED(0), ASSIGNED(1), PICKED_UP(2), DELIVERED(3), UNASSIGNABLE(1), CANCELLED(3), FAILED(3);

    private final int rank;

    DeliveryStatus(int rank) {
        this.rank = rank;
    }

    /** Events may arrive late or twice; a status only ever moves forward. */
    public boolean canMoveTo(DeliveryStatus next) {
        return next.rank > rank || (this == UNASSIGNABLE && next == ASSIGNED);
    }
}
