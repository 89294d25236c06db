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
import coop.dispatch.engine.routing.RouteResult;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Prints, for one OSM extract: graph import and load times, pickup times for N riders by one search backwards from
 * the pickup against one CH query per rider (same run, same points, with how far their times differ), and a full
 * dispatch decision with N riders online, its phases apart, in wall-clock and process CPU time per decision.
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
        long loadCpu = processCpuNanos();
        BikeRouting routing = BikeRouting.load(osm, folder, System.out::println);
        System.out.printf(Locale.ROOT, "graph load from folder %29.2f s; CPU %.2f s; process RSS %s%n",
                secs(t), (processCpuNanos() - loadCpu) / 1e9, rss());

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
        double[] search = new double[rounds];
        double[] perRider = new double[rounds];
        long reached = 0;
        List<Double> gaps = new ArrayList<>();
        long cpu = processCpuNanos();
        for (int i = 0; i < rounds; i++) {
            long s = System.nanoTime();
            routing.toPickup(pickups.get(i), Vehicle.BIKE, riders, limit);
            search[i] = millis(s);
        }
        double searchCpu = (processCpuNanos() - cpu) / 1e6 / rounds;
        for (int i = 0; i < rounds; i++) {
            GeoPoint pickup = pickups.get(i);
            Map<UUID, Leg> legs = routing.toPickup(pickup, Vehicle.BIKE, riders, limit);
            reached += legs.size();
            long s = System.nanoTime();
            for (Map.Entry<UUID, GeoPoint> rider : riders.entrySet()) {
                try {
                    RouteResult route = routing.route(rider.getValue(), pickup, Vehicle.BIKE);
                    Leg leg = legs.get(rider.getKey());
                    if (leg != null) {
                        gaps.add((double) Math.abs(leg.seconds() - route.durationSeconds()));
                    }
                } catch (OffTheMapException e) {
                    // same riders as the search; an unreachable one costs a query too
                }
            }
            perRider[i] = millis(s);
        }
        Stats searchStats = new Stats("pickup times, 1 search (" + riderCount + " riders)", search);
        Stats chStats = new Stats("pickup times, 1 CH query per rider", perRider);
        System.out.println(searchStats);
        System.out.println(chStats);
        System.out.printf(Locale.ROOT, "search speed-up at p50: %.1fx; CPU %.2f ms per search; riders within 15 min: "
                + "%.0f on average%n", chStats.percentile(50) / searchStats.percentile(50), searchCpu,
                reached / (double) rounds);
        double[] gapSeconds = gaps.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(gapSeconds);
        System.out.printf(Locale.ROOT, "search vs CH route time, %d riders: |difference| p50 %.0f s, p99 %.0f s, "
                + "max %.0f s%n", gapSeconds.length, gapSeconds[gapSeconds.length / 2],
                gapSeconds[(int) Math.ceil(gapSeconds.length * 0.99) - 1], gapSeconds[gapSeconds.length - 1]);

        benchmarkDecisions(routing, riders, pickups, center, random, rounds, riderCount);
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.out.printf(Locale.ROOT, "heap used after GC %d MB; process RSS %s; load average %s%n",
                (rt.totalMemory() - rt.freeMemory()) >> 20, rss(), loadAverage());
        routing.close();
    }

    /**
     * A full decision, and its two phases measured apart: the pickup searches (one per vehicle kind, one after the
     * other) and the rotation itself (filtering, ordering, the decision record) with travel times already known.
     */
    private static void benchmarkDecisions(BikeRouting routing, Map<UUID, GeoPoint> riders, List<GeoPoint> pickups,
                                           GeoPoint center, Random random, int rounds, int riderCount) {
        DispatchRules rules = DispatchRules.defaults();
        Instant now = Instant.now();
        List<RiderSnapshot> snapshots = new ArrayList<>();
        Map<Vehicle, Map<UUID, GeoPoint>> byVehicle = new EnumMap<>(Vehicle.class);
        Vehicle[] fleet = {Vehicle.BIKE, Vehicle.BIKE, Vehicle.EBIKE, Vehicle.CARGO_BIKE};
        int n = 0;
        for (Map.Entry<UUID, GeoPoint> r : riders.entrySet()) {
            Vehicle vehicle = fleet[n++ % fleet.length];
            snapshots.add(new RiderSnapshot(r.getKey(), true, vehicle, r.getValue(),
                    now.minusSeconds(7200), now.minusSeconds(random.nextInt(3600)), 0, null, false, 0, 0));
            byVehicle.computeIfAbsent(vehicle, v -> new HashMap<>()).put(r.getKey(), r.getValue());
        }
        FairRotation rotation = new FairRotation(routing);
        List<JobRequest> jobs = pickups.stream().map(p -> new JobRequest(UUID.randomUUID(), p, center, 2_000)).toList();
        for (int warm = 0; warm < 20; warm++) {
            rotation.decide(jobs.get(warm % rounds), snapshots, Set.of(), rules, now);
        }

        double[] searches = new double[rounds];
        List<Map<Vehicle, Map<UUID, Leg>>> legs = new ArrayList<>();
        long cpu = processCpuNanos();
        for (int i = 0; i < rounds; i++) {
            GeoPoint pickup = jobs.get(i).pickup();
            long s = System.nanoTime();
            Map<Vehicle, Map<UUID, Leg>> found = new EnumMap<>(Vehicle.class);
            byVehicle.forEach((vehicle, group) -> found.put(vehicle, routing.toPickup(pickup, vehicle, group,
                    rules.maxPickupTime())));
            searches[i] = millis(s);
            legs.add(found);
        }
        double searchCpu = (processCpuNanos() - cpu) / 1e6 / rounds;

        double[] rotations = new double[rounds];
        cpu = processCpuNanos();
        for (int i = 0; i < rounds; i++) {
            Map<Vehicle, Map<UUID, Leg>> known = legs.get(i);
            FairRotation withKnownTimes = new FairRotation((pickup, vehicle, group, limit) -> known.get(vehicle));
            long s = System.nanoTime();
            withKnownTimes.decide(jobs.get(i), snapshots, Set.of(), rules, now);
            rotations[i] = millis(s);
        }
        double rotationCpu = (processCpuNanos() - cpu) / 1e6 / rounds;

        double[] decisions = new double[rounds];
        int candidates = 0;
        cpu = processCpuNanos();
        for (int i = 0; i < rounds; i++) {
            long s = System.nanoTime();
            candidates += rotation.decide(jobs.get(i), snapshots, Set.of(), rules, now).candidates().size();
            decisions[i] = millis(s);
        }
        double decisionCpu = (processCpuNanos() - cpu) / 1e6 / rounds;
        System.out.println(new Stats("  phase: 3 pickup searches, one by one", searches)
                + String.format(Locale.ROOT, "  CPU %6.2f ms", searchCpu));
        System.out.println(new Stats("  phase: rotation with known times", rotations)
                + String.format(Locale.ROOT, "  CPU %6.2f ms", rotationCpu));
        System.out.println(new Stats("full decision, " + riderCount + " riders (3 vehicle kinds)", decisions)
                + String.format(Locale.ROOT, "  CPU %6.2f ms", decisionCpu));
        System.out.printf(Locale.ROOT, "eligible riders per decision: %.0f on average%n", candidates / (double) rounds);
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

    /** CPU time of the whole process (every thread, JIT and GC included): less sensitive to a busy machine. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
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
