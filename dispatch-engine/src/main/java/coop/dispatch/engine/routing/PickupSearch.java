package coop.dispatch.engine.routing;

import coop.dispatch.engine.Leg;

import java.util.Arrays;

/**
 * "How long does each rider need to reach this pickup": one Dijkstra search backwards from the pickup over a
 * {@link ReverseGraph}, by the profile's weight, so that each rider is timed along the very route GraphHopper would
 * give them. Each rider is a node of the search too, joined to the two ends of their edge (and straight to the pickup
 * when it is on the same edge), so a rider's answer is final once their own node is settled. The search stops when
 * every rider is settled, or when every label still queued takes longer than the limit (as GraphHopper's
 * ShortestPathTree does): a rider is answered if their best route is within the limit.
 *
 * <p>An instance holds working arrays as large as the graph and is reused search after search by one thread at a
 * time: a generation stamp per node tells this search's values from stale ones, so nothing is cleared between
 * searches.
 */
final class PickupSearch {
    private static final int SETTLED = -1;
    private static final int NONE = -1;

    private final int graphNodes;
    /** Per node of the graph, then per rider (node {@code graphNodes + i} is rider i). */
    private int[] stamp;
    private double[] weight;
    private int[] millis;
    private double[] meters;
    /** The node's slot in the heap, or {@link #SETTLED}. */
    private int[] heapSlot;
    private int[] heapNode;
    private double[] heapKey;
    private int heapSize;
    /** Queued labels within the time limit: when none is left, nothing more can be answered. */
    private int queuedWithinLimit;
    /** Riders whose edge ends at a node: {@code 2 * rider + (0 at its base, 1 at its adjacent node)}, chained. */
    private final int[] riderStamp;
    private final int[] firstRiderEnd;
    private int[] nextRiderEnd;
    private int generation;
    private ReverseGraph graph;
    private EdgePosition[] riders;
    private long limitMillis;

    PickupSearch(int graphNodes) {
        this.graphNodes = graphNodes;
        riderStamp = new int[graphNodes];
        firstRiderEnd = new int[graphNodes];
        allocate(graphNodes + 1024);
    }

    private void allocate(int size) {
        stamp = new int[size];
        weight = new double[size];
        millis = new int[size];
        meters = new double[size];
        heapSlot = new int[size];
        heapNode = new int[size];
        heapKey = new double[size];
        nextRiderEnd = new int[2 * (size - graphNodes)];
    }

    /** Searches from {@code pickup}; then {@link #leg} answers for each of these riders, by index. */
    void run(ReverseGraph reverseGraph, EdgePosition pickup, EdgePosition[] riderPositions, long limit) {
        if (reverseGraph.nodes() != graphNodes) {
            throw new IllegalArgumentException("graph of " + reverseGraph.nodes() + " nodes, search for " + graphNodes);
        }
        if (graphNodes + riderPositions.length > stamp.length) {
            allocate(graphNodes + Math.max(riderPositions.length, 2 * (stamp.length - graphNodes)));
            generation = 0;
            Arrays.fill(riderStamp, 0);
        }
        graph = reverseGraph;
        riders = riderPositions;
        limitMillis = limit;
        nextGeneration();
        for (int i = 0; i < riders.length; i++) {
            EdgePosition rider = riders[i];
            chainRiderEnd(rider.base(), 2 * i);
            chainRiderEnd(rider.adj(), 2 * i + 1);
            if (rider.edge() == pickup.edge()) { // straight along the edge
                double along = pickup.metersFromBase() - rider.metersFromBase();
                boolean forward = along >= 0;
                reach(graphNodes + i, rider.weight(forward, Math.abs(along)), rider.millis(forward, Math.abs(along)),
                        Math.abs(along));
            }
        }
        // Reaching the pickup from the ends of its edge: forward from the base, backward from the adjacent node.
        reach(pickup.base(), pickup.weight(true, pickup.metersFromBase()),
                pickup.millis(true, pickup.metersFromBase()), pickup.metersFromBase());
        reach(pickup.adj(), pickup.weight(false, pickup.metersToAdj()),
                pickup.millis(false, pickup.metersToAdj()), pickup.metersToAdj());
        int unsettledRiders = riders.length;
        while (heapSize > 0 && unsettledRiders > 0 && queuedWithinLimit > 0) {
            int node = pollMin();
            if (node >= graphNodes) {
                unsettledRiders--;
            } else {
                relaxArcsInto(node);
                if (riderStamp[node] == generation) {
                    relaxRidersAt(node);
                }
            }
        }
    }

    private void relaxArcsInto(int node) {
        double nodeWeight = weight[node];
        long nodeMillis = millis[node];
        double nodeMeters = meters[node];
        for (int arc = graph.firstArc(node), end = graph.endArc(node); arc < end; arc++) {
            int from = graph.arcSource(arc);
            double w = nodeWeight + graph.arcWeight(arc);
            // most arcs lead back into the settled part: skip them before reading the rest of the arc
            if (stamp[from] != generation || heapSlot[from] != SETTLED && w < weight[from]) {
                reach(from, w, nodeMillis + graph.arcMillis(arc), nodeMeters + graph.arcMeters(arc));
            }
        }
    }

    private void relaxRidersAt(int node) {
        for (int end = firstRiderEnd[node]; end != NONE; end = nextRiderEnd[end]) {
            int i = end >>> 1;
            EdgePosition rider = riders[i];
            boolean toAdj = (end & 1) == 1;
            double along = toAdj ? rider.metersToAdj() : rider.metersFromBase();
            reach(graphNodes + i, weight[node] + rider.weight(toAdj, along),
                    millis[node] + rider.millis(toAdj, along), meters[node] + along);
        }
    }

    /** Offers a label to a node: kept if the node has none yet, or only a heavier one still queued. */
    private void reach(int node, double w, long ms, double m) {
        if (w == Double.POSITIVE_INFINITY) {
            return;
        }
        int time = (int) Math.min(Integer.MAX_VALUE, ms);
        if (stamp[node] != generation) {
            stamp[node] = generation;
            set(node, w, time, m);
            push(node, w);
        } else if (heapSlot[node] != SETTLED && w < weight[node]) {
            if (millis[node] <= limitMillis) {
                queuedWithinLimit--;
            }
            set(node, w, time, m);
            decrease(node, w);
        } else {
            return;
        }
        if (time <= limitMillis) {
            queuedWithinLimit++;
        }
    }

    /** The leg of rider {@code i} of the last search, or null if their best route takes longer than the limit. */
    Leg leg(int i) {
        int node = graphNodes + i;
        if (stamp[node] != generation || heapSlot[node] != SETTLED || millis[node] > limitMillis) {
            return null;
        }
        return new Leg(meters[node], Math.round(millis[node] / 1000.0));
    }

    private void chainRiderEnd(int node, int end) {
        if (riderStamp[node] != generation) {
            riderStamp[node] = generation;
            firstRiderEnd[node] = NONE;
        }
        nextRiderEnd[end] = firstRiderEnd[node];
        firstRiderEnd[node] = end;
    }

    private void set(int node, double w, int ms, double m) {
        weight[node] = w;
        millis[node] = ms;
        meters[node] = m;
    }

    private void nextGeneration() {
        heapSize = 0;
        queuedWithinLimit = 0;
        if (++generation == Integer.MAX_VALUE) {
            Arrays.fill(stamp, 0);
            Arrays.fill(riderStamp, 0);
            generation = 1;
        }
    }

    // A binary min-heap of nodes by weight, with each node's slot kept so that its key can be lowered in place.

    private void push(int node, double key) {
        int slot = heapSize++;
        heapNode[slot] = node;
        heapKey[slot] = key;
        heapSlot[node] = slot;
        siftUp(slot);
    }

    private void decrease(int node, double key) {
        int slot = heapSlot[node];
        heapKey[slot] = key;
        siftUp(slot);
    }

    private int pollMin() {
        int min = heapNode[0];
        heapSlot[min] = SETTLED;
        if (millis[min] <= limitMillis) {
            queuedWithinLimit--;
        }
        heapSize--;
        if (heapSize > 0) {
            heapNode[0] = heapNode[heapSize];
            heapKey[0] = heapKey[heapSize];
            heapSlot[heapNode[0]] = 0;
            siftDown(0);
        }
        return min;
    }

    private void siftUp(int slot) {
        int node = heapNode[slot];
        double key = heapKey[slot];
        while (slot > 0) {
            int parent = (slot - 1) >>> 1;
            if (heapKey[parent] <= key) {
                break;
            }
            move(parent, slot);
            slot = parent;
        }
        place(node, key, slot);
    }

    private void siftDown(int slot) {
        int node = heapNode[slot];
        double key = heapKey[slot];
        while (true) {
            int child = 2 * slot + 1;
            if (child >= heapSize) {
                break;
            }
            if (child + 1 < heapSize && heapKey[child + 1] < heapKey[child]) {
                child++;
            }
            if (heapKey[child] >= key) {
                break;
            }
            move(child, slot);
            slot = child;
        }
        place(node, key, slot);
    }

    private void move(int from, int to) {
        heapNode[to] = heapNode[from];
        heapKey[to] = heapKey[from];
        heapSlot[heapNode[to]] = to;
    }

    private void place(int node, double key, int slot) {
        heapNode[slot] = node;
        heapKey[slot] = key;
        heapSlot[node] = slot;
    }
}
