package coop.dispatch.rider.assembly.rest;

import coop.dispatch.rider.assembly.VoteChoice;
import jakarta.validation.constraints.NotNull;

/** A member's ballot on a proposal. */
public record VoteRequest(@NotNull VoteChoice choice) {
}
