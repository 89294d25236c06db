package coop.dispatch.engine;

/** A travel estimate: how far and how long by the rider's vehicle. */
public record Leg(double meters, long seconds) {
}
