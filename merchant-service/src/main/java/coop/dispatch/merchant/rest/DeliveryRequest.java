package coop.dispatch.merchant.rest;

import coop.dispatch.commons.geo.Location;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/** The body of {@code POST /api/v1/deliveries} and {@code POST /api/v1/quotes}. */
public record DeliveryRequest(@NotNull @Valid Stop pickup, @NotNull @Valid Stop dropoff, @Valid Parcel parcel,
                              @Size(max = 100) String reference) {

    /** Where a rider collects or hands over the parcel, and when. */
    public record Stop(@NotBlank @Size(max = 500) String address, @NotNull @Valid Location location,
                       @Size(max = 200) String contactName, @Size(max = 40) String phone,
                       @Size(max = 1000) String notes, Instant after, Instant before) {
    }

    /** Weight, size class (S: fits a backpack … XL: needs a cargo bike) and, optionally, the packages it is made of. */
    public record Parcel(@PositiveOrZero @Max(value = 200_000, message = "must be at most 200 kg") Integer weightGrams,
                         @Pattern(regexp = "S|M|L|XL", message = "must be one of S, M, L, XL") String size,
                         @Size(max = 50) List<@NotNull @Valid Package> packages) {
        public Parcel(Integer weightGrams) {
            this(weightGrams, null, null);
        }
    }

    public record Package(@NotBlank @Size(max = 100) String type,
                          @NotNull @Min(1) @Max(100) Integer quantity) {
    }

    public int weightGrams() {
        return parcel == null || parcel.weightGrams() == null ? 0 : parcel.weightGrams();
    }

    public String size() {
        return parcel == null ? null : parcel.size();
    }

    public int packageCount() {
        return parcel == null || parcel.packages() == null ? 1
                : Math.max(1, parcel.packages().stream().mapToInt(Package::quantity).sum());
    }
}
