package coop.dispatch.rider.assembly.service;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A field-by-field difference of two JSON documents, in the words a member reads: which field, what it was, what it
 * becomes. Objects are compared field by field and arrays element by element; numbers by value (1 equals 1.0).
 */
public final class JsonDiff {
    private JsonDiff() {
    }

    public enum Change {
        ADDED, REMOVED, CHANGED
    }

    /** One difference; {@code path} reads like {@code rules[1].cents} or {@code maxWeightGrams.BIKE}. */
    public record Entry(String path, Change change, JsonNode before, JsonNode after) {
    }

    public static List<Entry> diff(JsonNode before, JsonNode after) {
        List<Entry> entries = new ArrayList<>();
        compare("", before, after, entries);
        return entries;
    }

    private static void compare(String path, JsonNode before, JsonNode after, List<Entry> out) {
        boolean hadIt = before != null && !before.isMissingNode();
        boolean hasIt = after != null && !after.isMissingNode();
        if (!hadIt && !hasIt) {
            return;
        }
        if (!hadIt) {
            out.add(new Entry(path(path), Change.ADDED, null, after));
        } else if (!hasIt) {
            out.add(new Entry(path(path), Change.REMOVED, before, null));
        } else if (before.isObject() && after.isObject()) {
            Set<String> names = new LinkedHashSet<>();
            before.fieldNames().forEachRemaining(names::add);
            after.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                compare(path.isEmpty() ? name : path + "." + name, before.get(name), after.get(name), out);
            }
        } else if (before.isArray() && after.isArray()) {
            for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
                compare(path + "[" + i + "]", before.get(i), after.get(i), out);
            }
        } else if (!same(before, after)) {
            out.add(new Entry(path(path), Change.CHANGED, before, after));
        }
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static String path(String path) {
        return path.isEmpty() ? "$" : path;
    }
}
