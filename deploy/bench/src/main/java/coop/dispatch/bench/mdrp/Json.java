package coop.dispatch.bench.mdrp;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/** Just enough JSON for the reports: maps, lists, arrays of numbers, strings, numbers, booleans, null. */
final class Json {
    private Json() {
    }

    static String write(Object value) {
        StringBuilder s = new StringBuilder();
        write(s, value, 0);
        return s.append('\n').toString();
    }

    private static void write(StringBuilder s, Object v, int indent) {
        if (v == null) {
            s.append("null");
        } else if (v instanceof String str) {
            s.append('"');
            for (char c : str.toCharArray()) {
                switch (c) {
                    case '"' -> s.append("\\\"");
                    case '\\' -> s.append("\\\\");
                    case '\n' -> s.append("\\n");
                    case '\t' -> s.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            s.append(String.format("\\u%04x", (int) c));
                        } else {
                            s.append(c);
                        }
                    }
                }
            }
            s.append('"');
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            s.append(Double.isFinite(d) ? number(d) : "null");
        } else if (v instanceof Number || v instanceof Boolean) {
            s.append(v);
        } else if (v instanceof double[] a) {
            s.append('[');
            for (int i = 0; i < a.length; i++) {
                s.append(i == 0 ? "" : ",").append(Double.isFinite(a[i]) ? number(a[i]) : "null");
            }
            s.append(']');
        } else if (v instanceof Map<?, ?> m) {
            s.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                s.append(first ? "\n" : ",\n").append("  ".repeat(indent + 1));
                write(s, String.valueOf(e.getKey()), indent + 1);
                s.append(": ");
                write(s, e.getValue(), indent + 1);
                first = false;
            }
            s.append(first ? "}" : "\n" + "  ".repeat(indent) + "}");
        } else if (v instanceof Collection<?> c) {
            s.append('[');
            boolean first = true;
            for (Object o : c) {
                s.append(first ? "\n" : ",\n").append("  ".repeat(indent + 1));
                write(s, o, indent + 1);
                first = false;
            }
            s.append(first ? "]" : "\n" + "  ".repeat(indent) + "]");
        } else {
            write(s, v.toString(), indent);
        }
    }

    static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return String.format(Locale.ROOT, "%.6g", d).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2")
                .replaceAll("\\.(e|$)", "$1");
    }
}
