package coop.dispatch.policies;

/** The smallest kind of bike that can carry a parcel; same names as the events' vehicle. */
public enum Vehicle {
    BIKE, EBIKE, CARGO_BIKE
}
