package coop.dispatch.dispatch;

/** Where a delivery stands in dispatch. Only WAITING deliveries are offered. */
public enum JobStatus {
    WAITING, OFFERED, ASSIGNED, PICKED_UP, DELIVERED, UNASSIGNABLE
}
