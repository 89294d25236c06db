package coop.dispatch.engine.routing;

import coop.dispatch.engine.Leg;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pickup search on small hand-built graphs, against a plain Bellman-Ford over the same streets. */
class PickupSearchTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    /**
     * A square 0-1-2-3 of 100 m sides, 7 s each; the side 1→2 is one-way. A rider on it, heading for a pickup at
     * node 1, may not ride back against the one-way: they go on to 2, then 2→3→0→1.
     */
    @Test
    void aOneWayStreetIsNotRiddenBackwards() {
        Street[] square = {
                new Street(0, 0, 1, 100, 10, 10),
                new Street(1, 1, 2, 100, 10, INF),
                new Street(2, 2, 3, 100, 10, 10),
                new Street(3, 3, 0, 100, 10, 10)};
        ReverseGraph graph = graphOf(4, square);
        EdgePosition pickup = square[0].at(100); // node 1
        EdgePosition rider = square[1].at(40);
        PickupSearch search = new PickupSearch(4);
        search.run(graph, pickup, new EdgePosition[]{rider}, 3_600_000);
        Leg leg = search.leg(0);
        assertNotNull(leg);
        assertEquals(360, leg.meters(), 1e-9);
        assertEquals(25, leg.seconds()); // 4.2 s to node 2, then 3 × 7 s

        EdgePosition onTheWay = square[1].at(20); // the pickup on the same street, further along the one-way
        search.run(graph, square[1].at(80), new EdgePosition[]{onTheWay}, 3_600_000);
        assertEquals(new Leg(60, 4), search.leg(0));
        EdgePosition beyond = square[1].at(90); // past the pickup: all the way round
        search.run(graph, square[1].at(80), new EdgePosition[]{beyond}, 3_600_000);
        assertEquals(new Leg(390, 27), search.leg(0));
    }

    @Test
    void ridersBeyondTheLimitAreLeftOut() {
        Street[] line = {new Street(0, 0, 1, 1000, 100, 100), new Street(1, 1, 2, 1000, 100, 100)};
        ReverseGraph graph = graphOf(3, line);
        EdgePosition near = line[0].at(500);
        EdgePosition far = line[1].at(900);
        PickupSearch search = new PickupSearch(3);
        search.run(graph, line[0].at(0), new EdgePosition[]{near, far}, 120_000);
        assertEquals(new Leg(500, 35), search.leg(0));
        assertNull(search.leg(1), "133 s away with a 120 s limit");
    }

    /**
     * Two ways from a rider at node 1 to a pickup at node 0: a disliked short cut (weight 100, 10 s) and a preferred
     * detour through node 2 (weight 2 × 30, 2 × 30 s). The rider is timed along the way routing would send them.
     */
    @Test
    void ridersAreTimedAlongThePreferredWayNotTheQuickestOne() {
        ReverseGraph graph = new ReverseGraph.Builder(3, 6)
                .arc(1, 0, 100, 10_000, 100)
                .arc(1, 2, 30, 30_000, 150)
                .arc(2, 0, 30, 30_000, 150)
                .build();
        EdgePosition pickup = new EdgePosition(0, 0, 1, 100, 0, INF, 0, 100, 10_000);
        EdgePosition rider = new EdgePosition(0, 0, 1, 100, 100, INF, 0, 100, 10_000);
        PickupSearch search = new PickupSearch(3);
        search.run(graph, pickup, new EdgePosition[]{rider}, 90_000);
        assertEquals(new Leg(300, 60), search.leg(0));
        search.run(graph, pickup, new EdgePosition[]{rider}, 30_000);
        assertNull(search.leg(0), "60 s along the preferred way");
    }

    @Test
    void agreesWithBellmanFordOnRandomStreetGrids() {
        Random random = new Random(11);
        int within = 0;
        int beyond = 0;
        for (int round = 0; round < 200; round++) {
            int nodes = 2 + random.nextInt(40);
            List<Street> streets = new ArrayList<>();
            for (int id = 0; id < nodes * 2; id++) {
                int a = random.nextInt(nodes);
                int b = random.nextInt(nodes);
                double meters = id > 0 && random.nextInt(5) == 0 ? 0 : 5 + random.nextDouble() * 500;
                double speed = 2 + random.nextDouble() * 6;
                double forward = random.nextInt(6) == 0 ? INF : meters / speed * (1 + random.nextDouble());
                double backward = random.nextInt(6) == 0 ? INF : meters / speed * (1 + random.nextDouble());
                if (forward == INF && backward == INF) {
                    forward = meters / speed;
                }
                streets.add(new Street(id, a, b, meters, forward, backward));
            }
            ReverseGraph graph = graphOf(nodes, streets.toArray(Street[]::new));
            EdgePosition pickup = randomPosition(streets, random);
            EdgePosition[] riders = new EdgePosition[1 + random.nextInt(8)];
            for (int i = 0; i < riders.length; i++) {
                riders[i] = randomPosition(streets, random);
            }
            long limit = random.nextBoolean() ? Long.MAX_VALUE / 4 : 60_000 + random.nextInt(300_000);
            PickupSearch search = new PickupSearch(nodes);
            search.run(graph, pickup, riders, limit);
            BellmanFord expected = new BellmanFord(nodes, streets, pickup, riders);
            for (int i = 0; i < riders.length; i++) {
                Leg leg = search.leg(i);
                String what = "round " + round + ", rider " + i + " at " + riders[i] + ", pickup " + pickup;
                if (expected.weight[i] == INF) {
                    assertNull(leg, what + " cannot reach the pickup");
                } else if (expected.millis[i] <= limit - 1_000) { // pieces round their times to the ms
                    assertNotNull(leg, what + " is " + expected.millis[i] + " ms away");
                    assertEquals(expected.meters[i], leg.meters(), 1e-6, what);
                    assertEquals(expected.millis[i] / 1000.0, leg.seconds(), 1.0, what);
                    within++;
                } else if (expected.millis[i] > limit + 1_000) {
                    // even if a heavier way would be quicker: riders are timed along the route they would be given
                    assertNull(leg, what + " is " + expected.millis[i] + " ms away, beyond " + limit);
                    beyond++;
                }
            }
        }
        assertTrue(within > 200 && beyond > 20, within + " riders checked within the limit, " + beyond + " beyond");
    }

    private static EdgePosition randomPosition(List<Street> streets, Random random) {
        Street street = streets.get(random.nextInt(streets.size()));
        while (street.meters == 0) { // nobody stands on a street of no length: they are at its node
            street = streets.get(random.nextInt(streets.size()));
        }
        double share = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> 1;
            default -> random.nextDouble();
        };
        return street.at(street.meters * share);
    }

    private static ReverseGraph graphOf(int nodes, Street... streets) {
        ReverseGraph.Builder builder = new ReverseGraph.Builder(nodes, 4);
        for (Street s : streets) {
            if (s.base == s.adj) {
                continue;
            }
            if (s.forward != INF) {
                builder.arc(s.base, s.adj, s.forward, s.forwardMillis(), s.meters);
            }
            if (s.backward != INF) {
                builder.arc(s.adj, s.base, s.backward, s.backwardMillis(), s.meters);
            }
        }
        return builder.build();
    }

    /** A street whose weight is its riding time in seconds times a random dislike factor. */
    record Street(int id, int base, int adj, double meters, double forward, double backward) {
        long forwardMillis() {
            return Math.round(forward * 700);
        }

        long backwardMillis() {
            return Math.round(backward * 700);
        }

        EdgePosition at(double metersFromBase) {
            return new EdgePosition(id, base, adj, meters, metersFromBase,
                    forward, forward == INF ? 0 : forwardMillis(), backward, backward == INF ? 0 : backwardMillis());
        }
    }

    /**
     * The same question answered the slow, obvious way: cut every street at the pickup and rider positions on it,
     * then relax every piece until nothing changes, best weight first and its time and length along.
     */
    static final class BellmanFord {
        final double[] weight;
        final long[] millis;
        final double[] meters;

        BellmanFord(int nodes, List<Street> streets, EdgePosition pickup, EdgePosition[] riders) {
            int pickupNode = nodes;
            int total = nodes + 1 + riders.length;
            List<double[]> pieces = new ArrayList<>(); // from, to, weight, millis, meters
            for (Street s : streets) {
                List<double[]> cuts = new ArrayList<>(); // meters from base, node
                cuts.add(new double[]{0, s.base});
                if (pickup.edge() == s.id) {
                    cuts.add(new double[]{pickup.metersFromBase(), pickupNode});
                }
                for (int i = 0; i < riders.length; i++) {
                    if (riders[i].edge() == s.id) {
                        cuts.add(new double[]{riders[i].metersFromBase(), nodes + 1 + i});
                    }
                }
                cuts.add(new double[]{s.meters, s.adj});
                cuts.sort(Comparator.comparingDouble(c -> c[0]));
                EdgePosition whole = s.at(0);
                for (int k = 0; k + 1 < cuts.size(); k++) {
                    int a = (int) cuts.get(k)[1];
                    int b = (int) cuts.get(k + 1)[1];
                    double length = cuts.get(k + 1)[0] - cuts.get(k)[0];
                    if (a < nodes && b < nodes) { // a whole street: its directions hold even when it is 0 m long
                        pieces.add(new double[]{a, b, s.forward, s.forwardMillis(), length});
                        pieces.add(new double[]{b, a, s.backward, s.backwardMillis(), length});
                    } else {
                        pieces.add(new double[]{a, b, whole.weight(true, length), whole.millis(true, length),
                                length});
                        pieces.add(new double[]{b, a, whole.weight(false, length), whole.millis(false, length),
                                length});
                    }
                }
            }
            double[] w = new double[total];
            long[] ms = new long[total];
            double[] m = new double[total];
            Arrays.fill(w, INF);
            w[pickupNode] = 0;
            for (boolean changed = true; changed; ) {
                changed = false;
                for (double[] p : pieces) {
                    int from = (int) p[0];
                    int to = (int) p[1];
                    if (w[to] + p[2] < w[from] - 1e-9) {
                        w[from] = w[to] + p[2];
                        ms[from] = ms[to] + (long) p[3];
                        m[from] = m[to] + p[4];
                        changed = true;
                    }
                }
            }
            weight = Arrays.copyOfRange(w, nodes + 1, total);
            millis = Arrays.copyOfRange(ms, nodes + 1, total);
            meters = Arrays.copyOfRange(m, nodes + 1, total);
        }
    }
}
