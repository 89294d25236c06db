package coop.dispatch.bench.mdrp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Instances for tests: a tiny hand-made one with a hand-made feasible solution, and seeded random ones. */
final class TinyInstance {
    static final MdrpInstance.Parameters PARAMS = new MdrpInstance.Parameters(100, 4, 4, 40, 90, 10, 15);

    private TinyInstance() {
    }

    /**
     * Restaurants r1 (0,0) and r2 (1000,0); couriers c1 at (0,500) on 0–120 and c2 at (1000,500) on 0–60; orders o1
     * (0,1000) and o2 (300,1000) from r1, o3 (1000,1000) from r2, o4 from r2 placed after every shift ended.
     * 100 m per minute, 4 minutes of service at each end.
     */
    static MdrpInstance instance() {
        List<MdrpInstance.Restaurant> r = List.of(new MdrpInstance.Restaurant(0, "r1", 0, 0),
                new MdrpInstance.Restaurant(1, "r2", 1000, 0));
        List<MdrpInstance.Courier> c = List.of(new MdrpInstance.Courier(0, "c1", 0, 500, 0, 120),
                new MdrpInstance.Courier(1, "c2", 1000, 500, 0, 60));
        List<MdrpInstance.Order> o = List.of(new MdrpInstance.Order(0, "o1", 0, 1000, 0, r.get(0), 10),
                new MdrpInstance.Order(1, "o2", 300, 1000, 2, r.get(0), 12),
                new MdrpInstance.Order(2, "o3", 1000, 1000, 5, r.get(1), 15),
                new MdrpInstance.Order(3, "o4", 1000, 900, 130, r.get(1), 140));
        return MdrpInstance.of("tiny", PARAMS, c, o, r);
    }

    /** A feasible solution of {@link #instance()}, written by hand: c1 carries o1 and o2 together, c2 carries o3. */
    static void writeValidSolution(Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(SolutionFiles.ASSIGNMENTS), """
                assignment_time pickup_time courier orders
                2 12 c1 o1 o2
                5 15 c2 o3
                """);
        Files.writeString(dir.resolve(SolutionFiles.ORDERS), """
                order placement_time restaurant ready_time pickup_time dropoff_time courier
                o1 0 r1 10 12 26 c1
                o2 2 r1 12 12 33 c1
                o3 5 r2 15 15 29 c2
                o4 130 r2 140 NaN NaN NaN
                """);
        // c1: leaves at 2, at r1 at 7, picks up at 12, leaves at 14, at o1 at 24 (drop 26), leaves 28, at o2 at 31
        Files.writeString(dir.resolve(SolutionFiles.COURIERS), """
                courier departure_time origin destination
                c1 2 0 r1
                c1 14 r1 o1
                c1 28 o1 o2
                c2 5 0 r2
                c2 17 r2 o3
                """);
    }

    /**
     * A random instance shaped like the shipped ones: restaurants in a central area, customers within a few kilometres
     * of theirs, two- to three-hour shifts starting every half hour, a lunch peak. {@code orders} well above
     * {@code couriers} × 5 makes it busy.
     */
    static MdrpInstance random(long seed, int restaurants, int couriers, int orders) {
        Random rnd = new Random(seed);
        List<MdrpInstance.Restaurant> r = new ArrayList<>();
        for (int i = 0; i < restaurants; i++) {
            r.add(new MdrpInstance.Restaurant(i, "r" + (i + 1), 4000 + rnd.nextInt(3000), 4000 + rnd.nextInt(3000)));
        }
        List<MdrpInstance.Courier> c = new ArrayList<>();
        for (int i = 0; i < couriers; i++) {
            int on = 30 * rnd.nextInt(16);
            c.add(new MdrpInstance.Courier(i, "c" + (i + 1), 2500 + rnd.nextInt(6000), 2500 + rnd.nextInt(6000), on,
                    on + 120 + 30 * rnd.nextInt(3)));
        }
        List<MdrpInstance.Order> o = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            int placed = rnd.nextBoolean() ? (int) Math.min(560, Math.abs(240 + rnd.nextGaussian() * 60))
                    : 30 + rnd.nextInt(530);
            MdrpInstance.Restaurant from = r.get(rnd.nextInt(restaurants));
            o.add(new MdrpInstance.Order(i, "o" + (i + 1), from.x() + rnd.nextInt(5000) - 2500,
                    from.y() + rnd.nextInt(5000) - 2500, placed, from, placed + 5 + rnd.nextInt(25)));
        }
        return MdrpInstance.of("random-" + seed, new MdrpInstance.Parameters(320, 4, 4, 40, 90, 10, 15), c, o, r);
    }
}
