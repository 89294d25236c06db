package coop.dispatch.bench.mdrp;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checker accepts a hand-made feasible solution and rejects it once any one FORMAT.md rule is broken. */
class SolutionCheckerTest {
    final MdrpInstance instance = TinyInstance.instance();
    @TempDir
    Path dir;

    @BeforeEach
    void valid() throws Exception {
        TinyInstance.writeValidSolution(dir);
    }

    private SolutionChecker.Result check() {
        return SolutionChecker.check(instance, dir);
    }

    private void edit(String file, String from, String to) throws Exception {
        Path p = dir.resolve(file);
        String text = Files.readString(p);
        assertTrue(text.contains(from), file + " should contain " + from);
        Files.writeString(p, text.replace(from, to));
    }

    private void assertBreaks(SolutionChecker.Rule rule) {
        SolutionChecker.Result r = check();
        assertFalse(r.feasible(), "a broken solution must be infeasible");
        assertTrue(r.counts().containsKey(rule), "expected " + rule + ", got " + r.summary());
    }

    @Test
    void handMadeSolutionIsFeasible() {
        SolutionChecker.Result r = check();
        assertTrue(r.feasible(), r.summary());
    }

    @Test
    void unreadableFilesAreRejected() throws Exception {
        edit(SolutionFiles.ORDERS, "order placement_time", "id placement_time");
        assertBreaks(SolutionChecker.Rule.FORMAT);
        valid();
        edit(SolutionFiles.ASSIGNMENTS, "5 15 c2 o3", "5 soon c2 o3");
        assertBreaks(SolutionChecker.Rule.FORMAT);
        valid();
        edit(SolutionFiles.COURIERS, "c2 17 r2 o3", "c2 17 r2");
        assertBreaks(SolutionChecker.Rule.FORMAT);
        valid();
        Files.delete(dir.resolve(SolutionFiles.COURIERS));
        assertBreaks(SolutionChecker.Rule.FORMAT);
    }

    @Test
    void unknownIds() throws Exception {
        edit(SolutionFiles.ASSIGNMENTS, "5 15 c2 o3", "5 15 c9 o3");
        assertBreaks(SolutionChecker.Rule.UNKNOWN_ID);
        valid();
        edit(SolutionFiles.COURIERS, "c2 17 r2 o3", "c2 17 r2 o99");
        assertBreaks(SolutionChecker.Rule.UNKNOWN_ID);
    }

    @Test
    void orderInTwoAssignments() throws Exception {
        edit(SolutionFiles.ASSIGNMENTS, "5 15 c2 o3", "5 15 c2 o3\n5 15 c2 o3");
        assertBreaks(SolutionChecker.Rule.ORDER_IN_ONE_ASSIGNMENT);
    }

    @Test
    void assignedBeforePlacement() throws Exception {
        edit(SolutionFiles.ASSIGNMENTS, "2 12 c1 o1 o2", "1 12 c1 o1 o2");  // o2 is placed at 2
        assertBreaks(SolutionChecker.Rule.ASSIGNED_BEFORE_PLACEMENT);
    }

    @Test
    void pickedUpBeforeReady() throws Exception {
        edit(SolutionFiles.ASSIGNMENTS, "5 15 c2 o3", "5 14 c2 o3");
        edit(SolutionFiles.ORDERS, "o3 5 r2 15 15 29 c2", "o3 5 r2 15 14 29 c2");
        assertBreaks(SolutionChecker.Rule.PICKUP_BEFORE_READY);
    }

    @Test
    void pickedUpAfterOffTime() throws Exception {
        // c2 goes off at 60: the same trip an hour later
        Files.writeString(dir.resolve(SolutionFiles.ASSIGNMENTS), """
                assignment_time pickup_time courier orders
                2 12 c1 o1 o2
                55 65 c2 o3
                """);
        edit(SolutionFiles.ORDERS, "o3 5 r2 15 15 29 c2", "o3 5 r2 15 65 79 c2");
        edit(SolutionFiles.COURIERS, "c2 5 0 r2\nc2 17 r2 o3", "c2 55 0 r2\nc2 67 r2 o3");
        SolutionChecker.Result r = check();
        assertEquals(java.util.Set.of(SolutionChecker.Rule.PICKUP_AFTER_OFF_TIME), r.counts().keySet(), r.summary());
    }

    @Test
    void bundleFromTwoRestaurants() throws Exception {
        edit(SolutionFiles.ASSIGNMENTS, "2 12 c1 o1 o2\n5 15 c2 o3", "5 15 c1 o1 o2 o3");
        assertBreaks(SolutionChecker.Rule.BUNDLE_MIXES_RESTAURANTS);
    }

    @Test
    void bundleListedOutOfDropOffOrder() throws Exception {
        edit(SolutionFiles.ASSIGNMENTS, "2 12 c1 o1 o2", "2 12 c1 o2 o1");
        assertBreaks(SolutionChecker.Rule.DROPOFF_SEQUENCE);
    }

    @Test
    void dropOffsCloserThanTheServiceTime() throws Exception {
        // o2 at the same place as o1 would be reached at once: drop-offs 26 and 28 are less than 4 minutes apart
        edit(SolutionFiles.ORDERS, "o2 2 r1 12 12 33 c1", "o2 2 r1 12 12 29 c1");
        assertBreaks(SolutionChecker.Rule.DROPOFF_SEQUENCE);
    }

    @Test
    void orderTableMissingRowOrHalfNaN() throws Exception {
        edit(SolutionFiles.ORDERS, "o4 130 r2 140 NaN NaN NaN\n", "");
        assertBreaks(SolutionChecker.Rule.ORDER_TABLE);
        valid();
        edit(SolutionFiles.ORDERS, "o4 130 r2 140 NaN NaN NaN", "o4 130 r2 140 NaN 150 NaN");
        assertBreaks(SolutionChecker.Rule.ORDER_TABLE);
        valid();
        edit(SolutionFiles.ORDERS, "o3 5 r2 15", "o3 4 r2 15");
        assertBreaks(SolutionChecker.Rule.ORDER_TABLE);
    }

    @Test
    void orderTableDisagreesWithAssignments() throws Exception {
        edit(SolutionFiles.ORDERS, "o3 5 r2 15 15 29 c2", "o3 5 r2 15 15 29 c1");
        assertBreaks(SolutionChecker.Rule.ORDER_TABLE_MATCHES_ASSIGNMENTS);
        valid();
        edit(SolutionFiles.ORDERS, "o3 5 r2 15 15 29 c2", "o3 5 r2 15 NaN NaN NaN");
        assertBreaks(SolutionChecker.Rule.ORDER_TABLE_MATCHES_ASSIGNMENTS);
        valid();
        edit(SolutionFiles.ORDERS, "o4 130 r2 140 NaN NaN NaN", "o4 130 r2 140 150 160 c1");
        assertBreaks(SolutionChecker.Rule.ORDER_TABLE_MATCHES_ASSIGNMENTS);
    }

    @Test
    void droppedOffBeforePickedUp() throws Exception {
        edit(SolutionFiles.ORDERS, "o3 5 r2 15 15 29 c2", "o3 5 r2 15 15 14 c2");
        assertBreaks(SolutionChecker.Rule.DROPOFF_BEFORE_PICKUP);
    }

    @Test
    void movesOfOneCourierSplit() throws Exception {
        edit(SolutionFiles.COURIERS, "c1 28 o1 o2\nc2 5 0 r2\nc2 17 r2 o3", "c2 5 0 r2\nc1 28 o1 o2\nc2 17 r2 o3");
        assertBreaks(SolutionChecker.Rule.MOVES_GROUPED);
    }

    @Test
    void teleport() throws Exception {
        edit(SolutionFiles.COURIERS, "c1 28 o1 o2", "c1 28 r1 o2");
        assertBreaks(SolutionChecker.Rule.MOVE_CONTINUITY);
        valid();
        edit(SolutionFiles.COURIERS, "c2 5 0 r2", "c2 5 r1 r2");  // the first move must start at the start position
        assertBreaks(SolutionChecker.Rule.MOVE_CONTINUITY);
    }

    @Test
    void departsBeforeArriving() throws Exception {
        edit(SolutionFiles.COURIERS, "c1 14 r1 o1", "c1 6 r1 o1");  // at r1 only at 7
        assertBreaks(SolutionChecker.Rule.MOVE_TIMING);
        valid();
        Files.writeString(dir.resolve(SolutionFiles.COURIERS), Files.readString(dir.resolve(SolutionFiles.COURIERS))
                .replace("c2 5 0 r2", "c2 -1 0 r2"));  // before the shift starts
        assertBreaks(SolutionChecker.Rule.MOVE_TIMING);
    }

    @Test
    void notAtTheRestaurantAtPickup() throws Exception {
        // c2 leaves at 10, arrives at r2 at 15: not strictly before the pickup at 15
        edit(SolutionFiles.COURIERS, "c2 5 0 r2", "c2 10 0 r2");
        assertBreaks(SolutionChecker.Rule.AT_RESTAURANT_AT_PICKUP);
        valid();
        // c2 leaves r2 at 14, before the pickup at 15
        edit(SolutionFiles.COURIERS, "c2 17 r2 o3", "c2 14 r2 o3");
        assertBreaks(SolutionChecker.Rule.AT_RESTAURANT_AT_PICKUP);
    }

    @Test
    void notAtTheCustomerAtDropOff() throws Exception {
        // c1 leaves o1 at 25, before o1's drop-off at 26
        edit(SolutionFiles.COURIERS, "c1 28 o1 o2", "c1 25 o1 o2");
        assertBreaks(SolutionChecker.Rule.AT_CUSTOMER_AT_DROPOFF);
        valid();
        // arrival at o3 is 27: a drop-off at 27 is not strictly after it
        edit(SolutionFiles.ORDERS, "o3 5 r2 15 15 29 c2", "o3 5 r2 15 15 27 c2");
        assertBreaks(SolutionChecker.Rule.AT_CUSTOMER_AT_DROPOFF);
    }

    @Test
    void everyRuleHasABrokenSolutionHere() {
        // FORMAT.md's rules, one test each above; keep this list in step with SolutionChecker.Rule
        assertEquals(16, SolutionChecker.Rule.values().length);
    }
}
