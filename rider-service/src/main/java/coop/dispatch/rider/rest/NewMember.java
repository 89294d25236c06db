package coop.dispatch.rider.rest;

import coop.dispatch.contracts.events.Vehicle;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/** The body of {@code POST /api/v1/members}. Roles default to rider and member; riders need a vehicle. */
public record NewMember(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{2,39}",
                message = "must be 3 to 40 letters, digits, '.', '_' or '-', starting with a letter or digit")
        String username,
        @NotBlank @Size(max = 200) String displayName,
        // bcrypt reads at most 72 bytes: a longer password would silently be cut.
        @NotNull @Size(min = 12, max = 72, message = "must be 12 to 72 characters long") String password,
        List<@NotBlank String> roles,
        Vehicle vehicle) {
}
