package coop.dispatch.rider.assembly.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import coop.dispatch.rider.assembly.service.DispatchReplay;
import coop.dispatch.rider.assembly.service.PricingReplay;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a proposal would have changed, replayed on recent real data: for pricing the prices and rider pay of the
 * deliveries requested in the period, for dispatch the sharing of the jobs among the riders on shift, for assembly
 * rules the outcome of the proposals already decided. {@code assumptions} says what the replay could not know.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImpactView(UUID proposalId, String kind, boolean available, String note, String comparedWith,
                         Instant from, Instant to, List<String> assumptions, PricingReplay.Result pricing,
                         Dispatch dispatch, Assembly assembly, long computedInMillis, Instant computedAt) {

    /** The same demand and shifts under the current and the proposed dispatch rules. */
    public record Dispatch(int shifts, DispatchReplay.Figures current, DispatchReplay.Figures proposed) {
    }

    /** Closed proposals whose result the proposed assembly rules would have changed. */
    public record Assembly(int decided, int changed, List<Outcome> outcomes) {
    }

    public record Outcome(UUID proposalId, String kind, Instant closedAt, boolean adopted, boolean wouldBeAdopted,
                          String underProposedRules) {
    }
}
