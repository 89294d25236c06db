package coop.dispatch.policies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The three kinds of policy the rider assembly votes, and the validation of a proposed document of each kind. */
public final class PolicyDocuments {
    public static final List<String> KINDS = List.of(PricingPolicies.KIND, DispatchPolicies.KIND, AssemblyRules.KIND);
    private static final Set<String> PRICING_FIELDS = Arrays.stream(PricingPolicy.class.getRecordComponents())
            .map(RecordComponent::getName).collect(Collectors.toUnmodifiableSet());

    private PolicyDocuments() {
    }

    /** Version 1 of a kind, as shipped with the code. */
    public static ObjectNode defaultDocument(String kind) {
        return switch (kind) {
            case PricingPolicies.KIND -> (ObjectNode) PricingPolicies.toJson(PricingPolicies.defaultPolicy().policy());
            case DispatchPolicies.KIND -> DispatchPolicies.defaultDocument();
            case AssemblyRules.KIND -> AssemblyRules.defaultDocument();
            default -> throw new IllegalArgumentException("unknown policy kind " + kind);
        };
    }

    /**
     * Every problem of a document of this kind; empty if it can be adopted. Pricing documents are checked by
     * {@link PricingPolicy#validate()} (CEL type checks and sample evaluations included); unknown top-level fields
     * are listed all at once and the rest of the document is still checked, so one answer names every problem.
     */
    public static List<PolicyProblem> validate(String kind, JsonNode document) {
        return switch (kind) {
            case PricingPolicies.KIND -> validatePricing(document);
            case DispatchPolicies.KIND -> DispatchPolicies.validate(document);
            case AssemblyRules.KIND -> AssemblyRules.validate(document);
            default -> List.of(new PolicyProblem("kind", "must be one of " + String.join(", ", KINDS)));
        };
    }

    private static List<PolicyProblem> validatePricing(JsonNode document) {
        if (document == null || !document.isObject()) {
            return DocumentFields.notAnObject("a pricing policy");
        }
        List<PolicyProblem> problems = new ArrayList<>();
        ObjectNode known = ((ObjectNode) document).deepCopy();
        Iterator<String> names = document.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!PRICING_FIELDS.contains(name)) {
                problems.add(new PolicyProblem(name, "unknown field; the fields are "
                        + String.join(", ", new TreeSet<>(PRICING_FIELDS))));
                known.remove(name);
            }
        }
        try {
            problems.addAll(PricingPolicies.parse(known).validate());
        } catch (InvalidPolicyException e) {
            problems.addAll(e.problems());
        }
        return problems;
    }
}
