package coop.dispatch.engine;

/**
 * How eligible riders are ordered, as the rider assembly chose. Never by rating, acceptance rate or speed: only by
 * turn. Ties go to whoever has waited longer, then to the rider id, so a decision can be replayed exactly.
 */
public enum RotationKey {
    /** Who has been free the longest (since shift start or the end of their last job) goes first. */
    LONGEST_WAITING,
    /** Who has done the fewest jobs this shift goes first. */
    FEWEST_JOBS,
    /** Who has earned the least per online hour this shift goes first. */
    LOWEST_EARNINGS_PER_HOUR
}
