package coop.dispatch.rider;

/** Where an offer stands. Only an OPEN offer can be answered; every other state is final. */
public enum OfferStatus {
    OPEN("open"),
    ACCEPTED("already accepted"),
    DECLINED("already declined"),
    WITHDRAWN("withdrawn"),
    EXPIRED("expired");

    private final String description;

    OfferStatus(String description) {
        this.description = description;
    }

    /** How the state reads in a sentence such as "This offer was already accepted". */
    public String description() {
        return description;
    }
}
