package coop.dispatch.rider.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/v1/jobs/{deliveryId}/fail}: why the parcel could not be handed over. */
public record FailureReport(@NotBlank @Size(max = 500) String reason) {
}
