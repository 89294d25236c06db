package coop.dispatch.engine;

/** What declining an offer does to the rider's place in the rotation. Never more than this. */
public enum DeclineRule {
    /** The rider keeps their place: declining costs nothing. */
    KEEP_PLACE,
    /** The rider goes to the back of the queue, as if they had just finished a job. */
    BACK_OF_QUEUE;

    /** When the rider counts as waiting since, after declining at {@code declinedAt}. */
    public java.time.Instant waitingSinceAfterDecline(java.time.Instant waitingSince, java.time.Instant declinedAt) {
        return this == KEEP_PLACE ? waitingSince : declinedAt;
    }
}
