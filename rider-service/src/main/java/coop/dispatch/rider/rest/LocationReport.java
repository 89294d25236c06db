package coop.dispatch.rider.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/**
 * The body of {@code POST /api/v1/riders/me/location}: positions the phone collected since its last report, so
 * that a phone which lost the network for a while sends them in one go.
 */
public record LocationReport(@NotNull @Size(min = 1, max = 100) List<@NotNull @Valid Fix> points) {

    /** One position; {@code at} is when the phone took it, or the time of the report if absent. */
    public record Fix(
            @NotNull @DecimalMin(value = "-90", message = "latitude must be between -90 and 90")
            @DecimalMax(value = "90", message = "latitude must be between -90 and 90") Double lat,
            @NotNull @DecimalMin(value = "-180", message = "longitude must be between -180 and 180")
            @DecimalMax(value = "180", message = "longitude must be between -180 and 180") Double lon,
            Instant at) {
    }
}
