package coop.dispatch.bench.mdrp;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Writes and reads the three solution files of FORMAT.md. Single spaces between columns (the benchmark's own evaluator
 * reads the orders table with a one-space separator), one header line each, times as integers when they are whole.
 */
public final class SolutionFiles {
    public static final String ASSIGNMENTS = "solution_info_assignments.txt";
    public static final String ORDERS = "solution_info_orders.txt";
    public static final String COURIERS = "solution_info_couriers.txt";
    static final String ASSIGNMENTS_HEADER = "assignment_time pickup_time courier orders";
    static final String ORDERS_HEADER = "order placement_time restaurant ready_time pickup_time dropoff_time courier";
    static final String COURIERS_HEADER = "courier departure_time origin destination";

    private SolutionFiles() {
    }

    public static void write(Path dir, Solution solution) {
        try {
            Files.createDirectories(dir);
            try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(ASSIGNMENTS))) {
                w.write(ASSIGNMENTS_HEADER);
                w.newLine();
                for (Solution.Assignment a : solution.assignments()) {
                    w.write(time(a.assignmentTime()) + " " + time(a.pickupTime()) + " " + a.courier() + " "
                            + String.join(" ", a.orders()));
                    w.newLine();
                }
            }
            try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(ORDERS))) {
                w.write(ORDERS_HEADER);
                w.newLine();
                for (Solution.OrderRow o : solution.orders()) {
                    w.write(o.order() + " " + time(o.placementTime()) + " " + o.restaurant() + " "
                            + time(o.readyTime()) + " " + time(o.pickupTime()) + " " + time(o.dropoffTime()) + " "
                            + (o.courier() == null ? "NaN" : o.courier()));
                    w.newLine();
                }
            }
            try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(COURIERS))) {
                w.write(COURIERS_HEADER);
                w.newLine();
                for (Solution.Move m : solution.moves()) {
                    w.write(m.courier() + " " + time(m.departureTime()) + " " + m.origin() + " " + m.destination());
                    w.newLine();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whole minutes as integers, other times with up to three decimals, NaN as NaN. */
    static String time(double minutes) {
        if (Double.isNaN(minutes)) {
            return "NaN";
        }
        if (minutes == Math.rint(minutes) && Math.abs(minutes) < 1e15) {
            return Long.toString((long) minutes);
        }
        String s = String.format(Locale.ROOT, "%.3f", minutes);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** A solution file that cannot be read: the checker reports it as a format violation. */
    public static final class FormatException extends RuntimeException {
        FormatException(String message) {
            super(message);
        }
    }

    public static Solution read(Path dir) {
        List<Solution.Assignment> assignments = new ArrayList<>();
        for (Row row : rows(dir.resolve(ASSIGNMENTS), ASSIGNMENTS_HEADER)) {
            if (row.cells.length < 4) {
                throw row.error("expected assignment_time pickup_time courier and at least one order");
            }
            assignments.add(new Solution.Assignment(row.number(0), row.number(1), row.cells[2],
                    Arrays.asList(row.cells).subList(3, row.cells.length)));
        }
        List<Solution.OrderRow> orders = new ArrayList<>();
        for (Row row : rows(dir.resolve(ORDERS), ORDERS_HEADER)) {
            if (row.cells.length != 7) {
                throw row.error("expected 7 columns, found " + row.cells.length);
            }
            String courier = row.cells[6].equals("NaN") ? null : row.cells[6];
            orders.add(new Solution.OrderRow(row.cells[0], row.number(1), row.cells[2], row.number(3), row.number(4),
                    row.number(5), courier));
        }
        List<Solution.Move> moves = new ArrayList<>();
        for (Row row : rows(dir.resolve(COURIERS), COURIERS_HEADER)) {
            if (row.cells.length != 4) {
                throw row.error("expected 4 columns, found " + row.cells.length);
            }
            moves.add(new Solution.Move(row.cells[0], row.number(1), row.cells[2], row.cells[3]));
        }
        return new Solution(assignments, orders, moves);
    }

    private record Row(Path file, int line, String[] cells) {
        double number(int column) {
            try {
                return Double.parseDouble(cells[column]);
            } catch (NumberFormatException e) {
                throw error("column " + (column + 1) + " is not a number: " + cells[column]);
            }
        }

        FormatException error(String message) {
            return new FormatException(file.getFileName() + ":" + line + ": " + message);
        }
    }

    private static List<Row> rows(Path file, String header) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new FormatException(file.getFileName() + ": cannot be read (" + e + ")");
        }
        if (lines.isEmpty() || !String.join(" ", lines.get(0).strip().split("\\s+")).equals(header)) {
            throw new FormatException(file.getFileName() + ":1: expected header \"" + header + "\"");
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty()) {
                rows.add(new Row(file, i + 1, line.split("\\s+")));
            }
        }
        return rows;
    }
}
