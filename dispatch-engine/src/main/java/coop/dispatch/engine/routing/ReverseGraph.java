package coop.dispatch.engine.routing;

import com.graphhopper.routing.util.AllEdgesIterator;
import com.graphhopper.routing.weighting.Weighting;
import com.graphhopper.storage.BaseGraph;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * One vehicle profile's street graph turned around, in compact arrays: for every node, the arcs that lead into it,
 * each with the node it comes from and its cost by the profile (weight, riding time, length). Directions the vehicle
 * may not ride are left out. Built once when the graph is loaded; a pickup search walks it backwards from the pickup
 * without touching GraphHopper's objects. Immutable, so any number of searches may share it.
 */
final class ReverseGraph {
    private static final int FORMAT = 0x52475631; // "RGV1"
    private final int nodes;
    /** The arcs into node n are {@code firstArc[n] .. firstArc[n + 1] - 1}. */
    private final int[] firstArc;
    private final int[] arcSource;
    private final double[] arcWeight;
    private final int[] arcMillis;
    private final double[] arcMeters;

    private ReverseGraph(int nodes, int[] firstArc, int[] arcSource, double[] arcWeight, int[] arcMillis,
                         double[] arcMeters) {
        this.nodes = nodes;
        this.firstArc = firstArc;
        this.arcSource = arcSource;
        this.arcWeight = arcWeight;
        this.arcMillis = arcMillis;
        this.arcMeters = arcMeters;
    }

    /** Both directions of every edge, weighted as the profile's weighting (and so its CH routes) weights them. */
    static ReverseGraph of(BaseGraph graph, Weighting weighting) {
        Builder builder = new Builder(graph.getNodes(), 2 * graph.getEdges());
        AllEdgesIterator edge = graph.getAllEdges();
        while (edge.next()) {
            int base = edge.getBaseNode();
            int adj = edge.getAdjNode();
            if (base == adj) {
                continue; // a loop never shortens a way
            }
            double meters = edge.getDistance();
            double forward = weighting.calcEdgeWeight(edge, false);
            if (Double.isFinite(forward)) {
                builder.arc(base, adj, forward, weighting.calcEdgeMillis(edge, false), meters);
            }
            double backward = weighting.calcEdgeWeight(edge, true);
            if (Double.isFinite(backward)) {
                builder.arc(adj, base, backward, weighting.calcEdgeMillis(edge, true), meters);
            }
        }
        return builder.build();
    }

    /**
     * Reads a graph written by {@link #save} with the same fingerprint, or returns null (no file, another graph or
     * profile, or a damaged file).
     */
    static ReverseGraph load(Path file, long fingerprint) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = read(channel, 20);
            if (header.getInt() != FORMAT || header.getLong() != fingerprint) {
                return null;
            }
            int nodes = header.getInt();
            int arcs = header.getInt();
            ByteBuffer body = read(channel, 4L * (nodes + 1) + 24L * arcs);
            int[] firstArc = new int[nodes + 1];
            int[] arcSource = new int[arcs];
            double[] arcWeight = new double[arcs];
            int[] arcMillis = new int[arcs];
            double[] arcMeters = new double[arcs];
            body.asIntBuffer().get(firstArc);
            body.position(body.position() + 4 * (nodes + 1)).asIntBuffer().get(arcSource);
            body.position(body.position() + 4 * arcs).asDoubleBuffer().get(arcWeight);
            body.position(body.position() + 8 * arcs).asIntBuffer().get(arcMillis);
            body.position(body.position() + 4 * arcs).asDoubleBuffer().get(arcMeters);
            return new ReverseGraph(nodes, firstArc, arcSource, arcWeight, arcMillis, arcMeters);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Writes the graph next to the street graph it was built from, so that later starts need not rebuild it. */
    void save(Path file, long fingerprint) throws IOException {
        int arcs = arcs();
        ByteBuffer buffer = ByteBuffer.allocate(20 + 4 * (nodes + 1) + 24 * arcs);
        buffer.putInt(FORMAT).putLong(fingerprint).putInt(nodes).putInt(arcs);
        buffer.asIntBuffer().put(firstArc);
        buffer.position(buffer.position() + 4 * (nodes + 1)).asIntBuffer().put(arcSource);
        buffer.position(buffer.position() + 4 * arcs).asDoubleBuffer().put(arcWeight);
        buffer.position(buffer.position() + 8 * arcs).asIntBuffer().put(arcMillis);
        buffer.position(buffer.position() + 4 * arcs).asDoubleBuffer().put(arcMeters);
        buffer.rewind();
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static ByteBuffer read(FileChannel channel, long bytes) throws IOException {
        if (bytes > Integer.MAX_VALUE || channel.size() - channel.position() < bytes) {
            throw new IOException("file too short");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) bytes);
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
            // keep reading
        }
        return buffer.flip();
    }

    int nodes() {
        return nodes;
    }

    int firstArc(int node) {
        return firstArc[node];
    }

    int endArc(int node) {
        return firstArc[node + 1];
    }

    int arcSource(int arc) {
        return arcSource[arc];
    }

    double arcWeight(int arc) {
        return arcWeight[arc];
    }

    int arcMillis(int arc) {
        return arcMillis[arc];
    }

    double arcMeters(int arc) {
        return arcMeters[arc];
    }

    int arcs() {
        return arcSource.length;
    }

    /** Collects arcs in any order, then sorts them by target node into the compact form. */
    static final class Builder {
        private final int nodes;
        private int count;
        private int[] from;
        private int[] to;
        private double[] weight;
        private int[] millis;
        private double[] meters;

        Builder(int nodes, int expectedArcs) {
            this.nodes = nodes;
            int capacity = Math.max(16, expectedArcs);
            from = new int[capacity];
            to = new int[capacity];
            weight = new double[capacity];
            millis = new int[capacity];
            meters = new double[capacity];
        }

        /** An arc the vehicle may ride from {@code source} to {@code target}. */
        Builder arc(int source, int target, double arcWeight, long arcMillis, double arcMeters) {
            if (source < 0 || source >= nodes || target < 0 || target >= nodes) {
                throw new IllegalArgumentException("arc " + source + " -> " + target + " outside 0.." + (nodes - 1));
            }
            if (!(arcWeight >= 0) || Double.isInfinite(arcWeight) || arcMillis < 0) {
                throw new IllegalArgumentException("arc " + source + " -> " + target + " has weight " + arcWeight
                        + " and time " + arcMillis + " ms");
            }
            if (count == from.length) {
                int capacity = count * 2;
                from = Arrays.copyOf(from, capacity);
                to = Arrays.copyOf(to, capacity);
                weight = Arrays.copyOf(weight, capacity);
                millis = Arrays.copyOf(millis, capacity);
                meters = Arrays.copyOf(meters, capacity);
            }
            from[count] = source;
            to[count] = target;
            weight[count] = arcWeight;
            millis[count] = (int) Math.min(Integer.MAX_VALUE, arcMillis);
            meters[count] = arcMeters;
            count++;
            return this;
        }

        ReverseGraph build() {
            int[] first = new int[nodes + 1];
            for (int i = 0; i < count; i++) {
                first[to[i] + 1]++;
            }
            for (int n = 0; n < nodes; n++) {
                first[n + 1] += first[n];
            }
            int[] next = Arrays.copyOf(first, nodes);
            int[] source = new int[count];
            double[] w = new double[count];
            int[] ms = new int[count];
            double[] m = new double[count];
            for (int i = 0; i < count; i++) {
                int slot = next[to[i]]++;
                source[slot] = from[i];
                w[slot] = weight[i];
                ms[slot] = millis[i];
                m[slot] = meters[i];
            }
            return new ReverseGraph(nodes, first, source, w, ms, m);
        }
    }
}
