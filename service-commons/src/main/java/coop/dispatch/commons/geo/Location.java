package coop.dispatch.commons.geo;

import coop.dispatch.contracts.events.GeoPoint;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

/** A position as the APIs take and give it: WGS84 degrees. */
public record Location(
        @NotNull @DecimalMin(value = "-90", message = "latitude must be between -90 and 90")
        @DecimalMax(value = "90", message = "latitude must be between -90 and 90") Double lat,
        @NotNull @DecimalMin(value = "-180", message = "longitude must be between -180 and 180")
        @DecimalMax(value = "180", message = "longitude must be between -180 and 180") Double lon) {

    public GeoPoint toGeoPoint() {
        return new GeoPoint(lat, lon);
    }

    public static Location of(GeoPoint p) {
        return new Location(p.lat(), p.lon());
    }
}
