package coop.dispatch.contracts.events;

/** What a rider rides; decides which parcels fit. */
public enum Vehicle {
    BIKE, EBIKE, CARGO_BIKE
}
