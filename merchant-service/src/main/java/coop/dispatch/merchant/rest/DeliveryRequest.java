package coop.dispatch.merchant.rest;

import coop.dispatch.commons.geo.Location;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.time.Instant;

/** The body of {@code POST /api/v1/deliveries}. */
public record DeliveryRequest(@NotNull @Valid Stop pickup, @NotNull @Valid Stop dropoff, @Valid Parcel parcel,
                              @Size(max = 100) String reference) {

    /** Where a rider collects or hands over the parcel, and when. */
    public record Stop(@NotBlank @Size(max = 500) String address, @NotNull @Valid Location location,
                       @Size(max = 200) String contactName, @Size(max = 40) String phone,
                       @Size(max = 1000) String notes, Instant after, Instant before) {
    }

    public record Parcel(@PositiveOrZero @Max(value = 200_000, message = "must be at most 200 kg") Integer weightGrams) {
    }

    public int weightGrams() {
        return parcel == null || parcel.weightGrams() == null ? 0 : parcel.weightGrams();
    }
}
