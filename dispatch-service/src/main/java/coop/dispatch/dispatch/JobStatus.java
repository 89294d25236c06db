package coop.dispatch.dispatch;

/** Where a delivery stands in dispatch. Only WAITING deliveries are offered. */
public enum JobStatus {
    WAITING, OFFERED, ASSIGNED, PICKED_UP, DELIVERED, FAILED, CANCELLED, UNASSIGNABLE;

    public boolean active() {
        return this == ASSIGNED || this == PICKED_UP;
    }

    public boolean done() {
        return this == DELIVERED || this == FAILED || this == CANCELLED || this == UNASSIGNABLE;
    }
}
