package coop.dispatch.rider;

import java.util.List;

/** A rider's job, in the only order it can move: assigned, picked up, then delivered or failed at the door. */
public enum JobStatus {
    ASSIGNED, PICKED_UP, DELIVERED, FAILED, CANCELLED;

    /** The states in which the rider is carrying the job and cannot go offline. */
    public static final List<JobStatus> ACTIVE = List.of(ASSIGNED, PICKED_UP);
    /** The states in which the job is over. */
    public static final List<JobStatus> FINISHED = List.of(DELIVERED, FAILED, CANCELLED);
}
