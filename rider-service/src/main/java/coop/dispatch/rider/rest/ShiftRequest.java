package coop.dispatch.rider.rest;

import coop.dispatch.commons.geo.Location;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** The body of {@code POST /api/v1/riders/me/shift}: where the rider is when going online. */
public record ShiftRequest(@NotNull @Valid Location location) {
}
