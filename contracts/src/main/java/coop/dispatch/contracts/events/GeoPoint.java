package coop.dispatch.contracts.events;

/** WGS84 coordinates in degrees. */
public record GeoPoint(double lat, double lon) {
}
