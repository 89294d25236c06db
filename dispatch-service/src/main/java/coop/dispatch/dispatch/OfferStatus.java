package coop.dispatch.dispatch;

public enum OfferStatus {
    OPEN, ACCEPTED, DECLINED, EXPIRED, WITHDRAWN
}
