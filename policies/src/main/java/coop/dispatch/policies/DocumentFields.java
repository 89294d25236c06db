package coop.dispatch.policies;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the fields of a policy document read as a JSON tree, so that every problem is found in one pass (a typed
 * reader would stop at the first wrong type) and the messages name the field as the member wrote it.
 */
final class DocumentFields {
    private final JsonNode document;
    private final String prefix;
    private final List<PolicyProblem> problems;

    DocumentFields(JsonNode document, String prefix, List<PolicyProblem> problems) {
        this.document = document;
        this.prefix = prefix;
        this.problems = problems;
    }

    static List<PolicyProblem> notAnObject(String what) {
        List<PolicyProblem> problems = new ArrayList<>();
        problems.add(new PolicyProblem("$", what + " is a JSON object"));
        return problems;
    }

    /** Refuses every field not in {@code known}: a typo ("offerTimeoutSecond") must not silently keep an old value. */
    void onlyKnown(Set<String> known) {
        Iterator<String> names = document.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(new PolicyProblem(prefix + name, "unknown field; the fields are "
                        + String.join(", ", new TreeSet<>(known))));
            }
        }
    }

    /** A whole number in [min, max], or null (with a problem) if absent, not an integer or out of range. */
    Long integer(String name, long min, long max) {
        JsonNode node = required(name);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            problems.add(new PolicyProblem(prefix + name, "must be a whole number, got " + node));
            return null;
        }
        long value = node.asLong();
        if (value < min || value > max) {
            problems.add(new PolicyProblem(prefix + name, "must be between " + min + " and " + max + ", got "
                    + value));
            return null;
        }
        return value;
    }

    /** A number in [min, max] (or [min, max) if {@code maxExclusive}), or null with a problem. */
    Double number(String name, double min, double max, boolean maxExclusive) {
        JsonNode node = required(name);
        if (node == null) {
            return null;
        }
        if (!node.isNumber()) {
            problems.add(new PolicyProblem(prefix + name, "must be a number, got " + node));
            return null;
        }
        double value = node.asDouble();
        if (!(value >= min) || (maxExclusive ? !(value < max) : !(value <= max))) {
            problems.add(new PolicyProblem(prefix + name, "must be at least " + plain(min) + " and "
                    + (maxExclusive ? "less than " : "at most ") + plain(max) + ", got " + node));
            return null;
        }
        return value;
    }

    /** One of {@code allowed}, or null with a problem. */
    String oneOf(String name, List<String> allowed) {
        JsonNode node = required(name);
        if (node == null) {
            return null;
        }
        if (!node.isTextual() || !allowed.contains(node.asText())) {
            problems.add(new PolicyProblem(prefix + name, "must be one of " + String.join(", ", allowed) + ", got "
                    + node));
            return null;
        }
        return node.asText();
    }

    /** A nested object, or null with a problem. */
    JsonNode object(String name) {
        JsonNode node = required(name);
        if (node != null && !node.isObject()) {
            problems.add(new PolicyProblem(prefix + name, "must be an object, got " + node));
            return null;
        }
        return node;
    }

    void problem(String field, String message) {
        problems.add(new PolicyProblem(prefix + field, message));
    }

    private JsonNode required(String name) {
        JsonNode node = document.get(name);
        if (node == null || node.isNull()) {
            problems.add(new PolicyProblem(prefix + name, "is required"));
            return null;
        }
        return node;
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
