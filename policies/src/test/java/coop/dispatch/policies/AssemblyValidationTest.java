package coop.dispatch.policies;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Validation of proposed documents of every kind, as the assembly runs it before a proposal may open. */
class AssemblyValidationTest {

    static List<String> fields(List<PolicyProblem> problems) {
        return problems.stream().map(PolicyProblem::field).toList();
    }

    static String message(List<PolicyProblem> problems, String field) {
        return problems.stream().filter(p -> p.field().equals(field)).findFirst().orElseThrow(
                () -> new AssertionError(field + " not in " + problems)).message();
    }

    @Test
    void versionOneOfEveryKindIsValid() {
        for (String kind : PolicyDocuments.KINDS) {
            assertEquals(List.of(), PolicyDocuments.validate(kind, PolicyDocuments.defaultDocument(kind)), kind);
        }
    }

    @Test
    void aGoodPricingProposal() {
        ObjectNode doc = PolicyDocuments.defaultDocument("pricing");
        doc.put("perKmCents", 140);
        doc.withArray("rules").addObject().put("name", "rain").put("when", "hour >= 17 && hour < 20")
                .put("cents", "distance_km * 10.0");
        assertEquals(List.of(), PolicyDocuments.validate("pricing", doc));
    }

    @Test
    void aPricingTypeErrorIsReportedWithItsPlace() {
        ObjectNode doc = PolicyDocuments.defaultDocument("pricing");
        doc.put("priceExpression", "subtotal_cents + vehicle");
        List<PolicyProblem> problems = PolicyDocuments.validate("pricing", doc);
        assertEquals(List.of("priceExpression"), fields(problems));
        assertTrue(message(problems, "priceExpression").contains("no matching overload"),
                message(problems, "priceExpression"));
    }

    @Test
    void unknownFieldsAreListedAndTheRestIsStillChecked() {
        ObjectNode doc = PolicyDocuments.defaultDocument("pricing");
        doc.put("perKmCent", 100);
        doc.put("surgeFactor", 2);
        doc.put("riderShare", 1.2);
        List<PolicyProblem> problems = PolicyDocuments.validate("pricing", doc);
        assertTrue(fields(problems).containsAll(List.of("perKmCent", "surgeFactor", "riderShare")),
                problems.toString());
        assertTrue(message(problems, "perKmCent").contains("unknown field"));

        ObjectNode dispatch = PolicyDocuments.defaultDocument("dispatch");
        dispatch.put("offerTimeoutSecond", 30);
        dispatch.with("maxWeightGrams").put("SCOOTER", 20000);
        assertEquals(List.of("offerTimeoutSecond", "maxWeightGrams.SCOOTER"),
                fields(PolicyDocuments.validate("dispatch", dispatch)));
    }

    @Test
    void outOfRangeValuesAreRefusedEveryOne() {
        ObjectNode pricing = PolicyDocuments.defaultDocument("pricing");
        pricing.put("baseCents", -1);
        pricing.put("minimumCents", 1_000_000);
        assertEquals(List.of("baseCents", "minimumCents"), fields(PolicyDocuments.validate("pricing", pricing)));

        ObjectNode dispatch = PolicyDocuments.defaultDocument("dispatch");
        dispatch.put("maxPickupMinutes", 90);
        dispatch.put("offerTimeoutSeconds", 5);
        dispatch.put("bundleLimit", 6);
        dispatch.put("rotationKey", "FASTEST_RIDER");
        dispatch.put("declineRule", "PENALTY");
        dispatch.put("unassignableAfterMinutes", 2.5);
        dispatch.with("maxWeightGrams").put("BIKE", 20000);
        dispatch.remove("bundleRadiusMeters");
        List<PolicyProblem> problems = PolicyDocuments.validate("dispatch", dispatch);
        assertEquals(List.of("rotationKey", "maxPickupMinutes", "offerTimeoutSeconds", "declineRule", "bundleLimit",
                "bundleRadiusMeters", "unassignableAfterMinutes", "maxWeightGrams"), fields(problems));
        assertTrue(message(problems, "maxPickupMinutes").contains("between") 
                || message(problems, "maxPickupMinutes").contains("at most 60"), problems.toString());
        assertEquals("is required", message(problems, "bundleRadiusMeters"));
        assertTrue(message(problems, "rotationKey").contains("LONGEST_WAITING"));

        ObjectNode assembly = PolicyDocuments.defaultDocument("assembly");
        assembly.put("quorum", 1.5);
        assembly.put("majority", 0.4);
        assembly.put("supermajority", 1.0);
        assembly.put("votingPeriodHours", 0);
        assertEquals(List.of("quorum", "majority", "supermajority", "votingPeriodHours"),
                fields(PolicyDocuments.validate("assembly", assembly)));

        ObjectNode weaker = PolicyDocuments.defaultDocument("assembly");
        weaker.put("majority", 0.7);
        weaker.put("supermajority", 0.6);
        assertEquals(List.of("supermajority"), fields(PolicyDocuments.validate("assembly", weaker)));
    }

    @Test
    void notAnObjectOrAnUnknownKind() {
        assertEquals(List.of("$"), fields(PolicyDocuments.validate("dispatch",
                PolicyDocuments.defaultDocument("dispatch").arrayNode())));
        assertEquals(List.of("kind"), fields(PolicyDocuments.validate("holidays",
                PolicyDocuments.defaultDocument("dispatch"))));
    }
}
