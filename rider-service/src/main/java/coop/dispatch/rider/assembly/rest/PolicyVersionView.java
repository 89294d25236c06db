package coop.dispatch.rider.assembly.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import coop.dispatch.rider.assembly.service.JsonDiff;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An adopted version of a policy. {@code inForce} marks the version that applies now; a newer one may be adopted and
 * wait for its {@code effectiveFrom}. {@code changes} are against the previous version (absent for version 1).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PolicyVersionView(String kind, String version, int versionNo, Instant effectiveFrom, Instant adoptedAt,
                                UUID proposalId, boolean inForce, String previousVersion,
                                List<JsonDiff.Entry> changes, JsonNode document) {
}
