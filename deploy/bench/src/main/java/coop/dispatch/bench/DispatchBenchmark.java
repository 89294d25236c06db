package coop.dispatch.bench;

import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.Vehicle;
import coop.dispatch.engine.DispatchRules;
import coop.dispatch.engine.FairRotation;
import coop.dispatch.engine.JobRequest;
import coop.dispatch.engine.Leg;
import coop.dispatch.engine.RiderSnapshot;
import coop.dispatch.engine.routing.BikeRouting;
import coop.dispatch.engine.routing.OffTheMapException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Prints, for one OSM extract: graph import and load times, pickup times for N riders by one reverse shortest-path
 * tree against one CH query per rider (same run, same points), and a full dispatch decision with N riders online.
 *
 * <pre>java … coop.dispatch.bench.DispatchBenchmark &lt;osm.pbf&gt; &lt;graph-folder&gt; [riders] [rounds]</pre>
 */
public final class DispatchBenchmark {

    public static void main(String[] args) throws Exception {
        Path osm = Path.of(args[0]);
        Path graphs = Path.of(args[1]);
        int riderCount = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        Path folder = graphs.resolve(osm.getFileName().toString().replaceAll("\\.osm\\.pbf$|\\.pbf$", "") + "-bench");

        if (!Files.exists(folder.resolve("properties"))) {
            long t = System.nanoTime();
            BikeRouting.load(osm, folder, s -> { }).close();
            System.out.printf(Locale.ROOT, "graph import (3 profiles, CH)               %8.2f s%n", secs(t));
        }
        long t = System.nanoTime();
        BikeRouting routing = BikeRouting.load(osm, folder, System.out::println);
        System.out.printf(Locale.ROOT, "graph load from folder                      %8.2f s%n", secs(t));

        Random random = new Random(42);
        GeoPoint center = findCenter(routing, osm);
        List<GeoPoint> pickups = new ArrayList<>();
        while (pickups.size() < rounds) {
            GeoPoint p = around(center, 2_000, random);
            if (routing.onMap(p, Vehicle.BIKE)) {
                pickups.add(p);
            }
        }
        Map<UUID, GeoPoint> riders = new HashMap<>();
        while (riders.size() < riderCount) {
            GeoPoint p = around(center, 4_000, random);
            if (routing.onMap(p, Vehicle.BIKE)) {
                riders.put(UUID.randomUUID(), p);
            }
        }
        Duration limit = Duration.ofMinutes(15);
        for (int warm = 0; warm < 20; warm++) {
            routing.toPickup(pickups.get(warm % rounds), Vehicle.BIKE, riders, limit);
        }
        double[] tree = new double[rounds];
        double[] perRider = new double[rounds];
        long reached = 0;
        for (int i = 0; i < rounds; i++) {
            GeoPoint pickup = pickups.get(i);
            long s = System.nanoTime();
            Map<UUID, Leg> legs = routing.toPickup(pickup, Vehicle.BIKE, riders, limit);
            tree[i] = millis(s);
            reached += legs.size();
            s = System.nanoTime();
            for (GeoPoint rider : riders.values()) {
                try {
                    routing.route(rider, pickup, Vehicle.BIKE);
                } catch (OffTheMapException e) {
                    // same riders as the tree; an unreachable one costs a query too
                }
            }
            perRider[i] = millis(s);
        }
        Stats treeStats = new Stats("pickup times, reverse tree (" + riderCount + " riders)", tree);
        Stats chStats = new Stats("pickup times, 1 CH query per rider", perRider);
        System.out.println(treeStats);
        System.out.println(chStats);
        System.out.printf(Locale.ROOT, "reverse tree speed-up at p50: %.1fx; riders within 15 min: %.0f on average%n",
                chStats.percentile(50) / treeStats.percentile(50), reached / (double) rounds);

        FairRotation rotation = new FairRotation(routing);
        DispatchRules rules = DispatchRules.defaults();
        Instant now = Instant.now();
        List<RiderSnapshot> snapshots = new ArrayList<>();
        Vehicle[] fleet = {Vehicle.BIKE, Vehicle.BIKE, Vehicle.EBIKE, Vehicle.CARGO_BIKE};
        int n = 0;
        for (Map.Entry<UUID, GeoPoint> r : riders.entrySet()) {
            snapshots.add(new RiderSnapshot(r.getKey(), true, fleet[n++ % fleet.length], r.getValue(),
                    now.minusSeconds(7200), now.minusSeconds(random.nextInt(3600)), 0, null, false, 0, 0));
        }
        double[] decisions = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            JobRequest job = new JobRequest(UUID.randomUUID(), pickups.get(i), center, 2_000);
            long s = System.nanoTime();
            rotation.decide(job, snapshots, Set.of(), rules, now);
            decisions[i] = millis(s);
        }
        System.out.println(new Stats("full decision, " + riderCount + " riders (3 vehicle kinds)", decisions));
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.out.printf(Locale.ROOT, "heap used after GC %d MB; process RSS %s%n",
                (rt.totalMemory() - rt.freeMemory()) >> 20, rss());
        routing.close();
    }

    /** A busy central spot of each shared extract, around which pickups and riders are sampled. */
    private static GeoPoint findCenter(BikeRouting routing, Path osm) {
        String name = osm.getFileName().toString();
        if (name.startsWith("porto")) {
            return new GeoPoint(41.1496, -8.6110);
        }
        if (name.startsWith("prague")) {
            return new GeoPoint(50.0875, 14.4213);
        }
        return new GeoPoint(49.4093, 8.6929);
    }

    private static GeoPoint around(GeoPoint c, double radiusMeters, Random random) {
        double r = radiusMeters * Math.sqrt(random.nextDouble());
        double a = random.nextDouble() * 2 * Math.PI;
        double dLat = r * Math.cos(a) / 111_195.0;
        double dLon = r * Math.sin(a) / (111_195.0 * Math.cos(Math.toRadians(c.lat())));
        return new GeoPoint(c.lat() + dLat, c.lon() + dLon);
    }

    private static String rss() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS"))
                    .map(l -> l.replaceAll("\\s+", " ").substring(7)).findFirst().orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }

    private static double secs(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static double millis(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
