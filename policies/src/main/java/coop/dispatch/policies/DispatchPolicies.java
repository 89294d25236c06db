package coop.dispatch.policies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The dispatch policy document the rider assembly votes, in the form dispatch-service's {@code PolicyStore} reads:
 * <pre>
 * rotationKey               LONGEST_WAITING | FEWEST_JOBS | LOWEST_EARNINGS_PER_HOUR
 * maxPickupMinutes          1..60     a rider further than this from the pickup (by bike) is not offered the job
 * offerTimeoutSeconds       10..600   how long a rider has to answer an offer
 * declineRule               KEEP_PLACE | BACK_OF_QUEUE
 * bundleLimit               1..5      jobs a rider may carry at once from one pickup (1 = no bundling)
 * bundleRadiusMeters        0..2000   how close two pickups must be to be bundled
 * unassignableAfterMinutes  1..240    how long a job may find no taker before coordinators are alerted
 * maxWeightGrams            {BIKE, EBIKE, CARGO_BIKE}: 1..300000 each, not decreasing in that order
 * </pre>
 * A proposal carries every field: the document adopted is the whole rule set, not a patch. Plain Java and JSON only,
 * so this module does not depend on the engine; the names are the engine's enum constants.
 */
public final class DispatchPolicies {
    public static final String KIND = "dispatch";
    public static final List<String> ROTATION_KEYS = List.of("LONGEST_WAITING", "FEWEST_JOBS",
            "LOWEST_EARNINGS_PER_HOUR");
    public static final List<String> DECLINE_RULES = List.of("KEEP_PLACE", "BACK_OF_QUEUE");
    public static final List<String> VEHICLES = Arrays.stream(Vehicle.values()).map(Enum::name).toList();
    static final Set<String> FIELDS = Set.of("rotationKey", "maxPickupMinutes", "offerTimeoutSeconds", "declineRule",
            "bundleLimit", "bundleRadiusMeters", "unassignableAfterMinutes", "maxWeightGrams");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DispatchPolicies() {
    }

    /** Version 1: the rules dispatch-service applies before any vote ({@code dispatch-1}). */
    public static ObjectNode defaultDocument() {
        ObjectNode d = MAPPER.createObjectNode();
        d.put("rotationKey", "LONGEST_WAITING");
        d.put("maxPickupMinutes", 15);
        d.put("offerTimeoutSeconds", 60);
        d.put("declineRule", "KEEP_PLACE");
        d.put("bundleLimit", 1);
        d.put("bundleRadiusMeters", 50);
        d.put("unassignableAfterMinutes", 15);
        ObjectNode weights = d.putObject("maxWeightGrams");
        weights.put("BIKE", 8000);
        weights.put("EBIKE", 15000);
        weights.put("CARGO_BIKE", 100000);
        return d;
    }

    /** Every problem of the document; empty if it can be adopted. */
    public static List<PolicyProblem> validate(JsonNode document) {
        if (document == null || !document.isObject()) {
            return DocumentFields.notAnObject("a dispatch policy");
        }
        List<PolicyProblem> problems = new ArrayList<>();
        DocumentFields f = new DocumentFields(document, "", problems);
        f.onlyKnown(FIELDS);
        f.oneOf("rotationKey", ROTATION_KEYS);
        f.number("maxPickupMinutes", 1, 60, false);
        f.integer("offerTimeoutSeconds", 10, 600);
        f.oneOf("declineRule", DECLINE_RULES);
        f.integer("bundleLimit", 1, 5);
        f.number("bundleRadiusMeters", 0, 2000, false);
        f.integer("unassignableAfterMinutes", 1, 240);
        JsonNode weights = f.object("maxWeightGrams");
        if (weights != null) {
            DocumentFields w = new DocumentFields(weights, "maxWeightGrams.", problems);
            w.onlyKnown(Set.copyOf(VEHICLES));
            Long bike = w.integer("BIKE", 1, 300_000);
            Long ebike = w.integer("EBIKE", 1, 300_000);
            Long cargo = w.integer("CARGO_BIKE", 1, 300_000);
            if (bike != null && ebike != null && cargo != null && !(bike <= ebike && ebike <= cargo)) {
                f.problem("maxWeightGrams", "must not decrease from BIKE to EBIKE to CARGO_BIKE");
            }
        }
        return problems;
    }
}
