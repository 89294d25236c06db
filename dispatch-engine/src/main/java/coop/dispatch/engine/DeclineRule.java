package coop.dispatch.engine;

/** What declining an offer does to the rider's place in the rotation. Never more than this. */
public enum DeclineRule {
    /** The rider keeps their place: declining costs nothing. */
    KEEP_PLACE,
    /** The rider goes to the back of the queue, as if they had just finished a job. */
    BACK_OF_QUEUE
}
