package coop.dispatch.dispatch.engine;

/** How eligible riders are ordered. Never by rating, acceptance rate or speed: only by turn. */
public enum RotationKey {
    /** Who has been free the longest (since shift start or the end of their last job) goes first. */
    LONGEST_WAITING
}
