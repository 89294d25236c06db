package coop.dispatch.rider.assembly.rest;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Duration;

/**
 * A proposal: the whole new document of one kind of policy, and why. A pricing document's {@code version} is
 * ignored: adoption numbers the versions.
 */
public record NewProposal(
        @NotBlank @Pattern(regexp = "pricing|dispatch|assembly", message = "must be pricing, dispatch or assembly")
        @Schema(enumeration = {"pricing", "dispatch", "assembly"}, examples = "dispatch")
        String kind,
        @NotNull
        @Schema(description = "The complete new policy document of this kind (see GET /api/v1/assembly/policies)")
        JsonNode document,
        @NotBlank @Size(max = 5000)
        @Schema(examples = "Fewest jobs first shares the quiet afternoons better than longest waiting.")
        String rationale,
        @Schema(description = "ISO-8601 duration shorter than the assembly's voting period; only where the service "
                + "allows it (coop.assembly.min-voting-period: tests, demonstrations)", examples = "PT5M")
        Duration votingPeriod) {
}
