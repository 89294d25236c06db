package coop.dispatch.contracts.events;

/** What a rider rides; decides which parcels fit. */
public enum Vehicle {
    BIKE("bike"), EBIKE("ebike"), CARGO_BIKE("cargo_bike");

    private final String routingProfile;

    Vehicle(String routingProfile) {
        this.routingProfile = routingProfile;
    }

    /** Its routing profile: the name of dispatch's GraphHopper profile and of {@code profile=} in its routing API. */
    public String routingProfile() {
        return routingProfile;
    }
}
