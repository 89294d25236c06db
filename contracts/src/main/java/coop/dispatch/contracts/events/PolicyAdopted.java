package coop.dispatch.contracts.events;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * The rider assembly adopted a new version of a policy. Key: kind ("pricing", "dispatch", "assembly").
 * Topic: coop-policies (compacted, so the latest version of each kind is always readable). Services apply
 * {@code document} from {@code effectiveFrom} and record {@code version} on every price or decision made with it.
 */
public record PolicyAdopted(String kind, String version, Instant effectiveFrom, JsonNode document,
                            String proposalId) {
}
