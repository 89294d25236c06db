package coop.dispatch.bench.mdrp;

import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.engine.DeclineRule;
import coop.dispatch.engine.routing.BikeRouting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Replays MDRP instances through the dispatch policies and writes, per policy, the three solution files of FORMAT.md,
 * checks them (reading the files back), and writes report.json, report.md and charts.html per instance; with
 * {@code --all}, every instance of a folder in one process and summary.md / summary.json / summary.html.
 *
 * <pre>
 * MdrpReplay &lt;instance-dir&gt; &lt;out-dir&gt; [options]
 * MdrpReplay --all &lt;instances-root&gt; &lt;out-dir&gt; [options]
 * MdrpReplay --city &lt;osm.pbf&gt; &lt;out-dir&gt; [--seed N] [options] [city options]
 *   --policy NAME[,NAME…]|all   (default all)
 *   --decline-rate R --seed N --decline-rule KEEP_PLACE|BACK_OF_QUEUE
 *   --max-pickup MIN --coordinators-after MIN --bundle-limit N --bundle-slack MIN
 *   --fair-share key=value,…   (FAIR_SHARE's settings, see FairSharePolicy.Config)
 *   --threads N                (instances replayed in parallel with --all; default 1)
 *   --png true|false           (each instance's charts also as PNG files; default true)
 * city options (a synthetic day on a real map, {@link CityInstance}; --seed also seeds the demand):
 *   --orders N --restaurants N --center LAT,LON --graphs DIR (graph cache, default .local/graphs)
 * </pre>
 */
public final class MdrpReplay {
    static final double TARGET_ADJUSTED_MEAN = 0.05;
    static final double TARGET_ADJUSTED_MAX = 0.08;
    static final double TARGET_FLOOR_GAP = 0.02;
    static final double TARGET_CTD_RATIO = 1.03;

    public record PolicyRun(String policy, Figures figures, SolutionChecker.Result check, Replay.Counters counters,
                            double replayMillis, double replayCpuMillis) {
    }

    public record InstanceRun(MdrpInstance instance, List<PolicyRun> runs, double wallMillis) {
        PolicyRun nearest() {
            return runs.stream().filter(r -> r.policy().equals(NearestPolicy.NAME)).findFirst().orElse(null);
        }

        boolean feasible() {
            return runs.stream().allMatch(r -> r.check().feasible());
        }
    }

    /** How a policy fares against the targets on one instance (NEAREST of the same run as reference). */
    record Targets(boolean adjusted, boolean floorGap, boolean clickToDoor, boolean delivered) {
        static Targets of(PolicyRun run, PolicyRun nearest) {
            Figures f = run.figures();
            boolean ctd = nearest != null
                    && f.clickToDoor().mean() <= TARGET_CTD_RATIO * nearest.figures().clickToDoor().mean();
            boolean deliv = nearest != null && f.ordersDelivered() >= nearest.figures().ordersDelivered();
            return new Targets(f.shareAdjustedGini() <= TARGET_ADJUSTED_MAX,
                    f.giniOrderEarningsPerHour() - f.structuralFloor() <= TARGET_FLOOR_GAP, ctd, deliv);
        }

        boolean all() {
            return adjusted && floorGap && clickToDoor && delivered;
        }
    }

    /** @param pngPerInstance also write each instance's charts as PNG files (--png false: HTML only) */
    record Options(String policy, Replay.Options replay, Policies.Settings settings, int threads,
                   boolean pngPerInstance) {
        Options(String policy, Replay.Options replay, Policies.Settings settings, int threads) {
            this(policy, replay, settings, threads, true);
        }

        String describe() {
            return "policies " + policy + "; max pickup " + Policies.fmt(settings.maxPickupMinutes())
                    + " min; coordinators after " + Policies.fmt(settings.coordinatorsAfterMinutes())
                    + " min; decline rate " + Policies.fmt(replay.declineRate()) + " (seed " + replay.seed()
                    + ", " + settings.declineRule() + "); bundle variant limit " + settings.bundleLimit()
                    + ", slack " + Policies.fmt(settings.bundleSlackMinutes()) + " min; FAIR_SHARE "
                    + settings.fairShare();
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>();
        Map<String, String> flags = new LinkedHashMap<>();
        boolean all = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--all")) {
                all = true;
            } else if (args[i].startsWith("--")) {
                if (i + 1 >= args.length) {
                    usage("missing value for " + args[i]);
                }
                flags.put(args[i].substring(2), args[++i]);
            } else {
                positional.add(args[i]);
            }
        }
        if (flags.containsKey("city")) {
            if (positional.size() != 1) {
                usage("expected --city <osm.pbf> and an output folder");
            }
            System.exit(runCity(flags, Path.of(positional.get(0))) ? 0 : 2);
        }
        if (positional.size() != 2) {
            usage("expected an instance folder (or --all and a folder of instances) and an output folder");
        }
        Options options = null;
        try {
            options = options(flags);
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
        }
        Path in = Path.of(positional.get(0));
        Path out = Path.of(positional.get(1));
        boolean feasible;
        if (all) {
            feasible = runAll(in, out, options);
        } else {
            InstanceRun run = runInstance(MdrpInstance.read(in), out, options);
            writeInstanceReport(run, out, options);
            printRun(run);
            System.out.println("report: " + out.resolve("report.md"));
            feasible = run.feasible();
        }
        if (!feasible) {
            System.err.println("INFEASIBLE solutions written: see the reports");
            System.exit(2);
        }
    }

    /** The options of the command line ({@code --name value} pairs, names without the dashes). */
    static Options options(Map<String, String> flags) {
        Map<String, String> f = new LinkedHashMap<>(flags);
        Policies.Settings d = Policies.Settings.defaults();
        Policies.Settings settings = new Policies.Settings(
                num(f.remove("max-pickup"), d.maxPickupMinutes()),
                num(f.remove("coordinators-after"), d.coordinatorsAfterMinutes()),
                DeclineRule.valueOf(f.getOrDefault("decline-rule", d.declineRule().name())),
                (int) num(f.remove("bundle-limit"), d.bundleLimit()),
                num(f.remove("bundle-slack"), d.bundleSlackMinutes()),
                d.fairShare().with(f.remove("fair-share")));
        f.remove("decline-rule");
        Options options = new Options(f.getOrDefault("policy", "all"),
                new Replay.Options(num(f.remove("decline-rate"), 0), (long) num(f.remove("seed"), 1)),
                settings, (int) num(f.remove("threads"), 1), Boolean.parseBoolean(f.getOrDefault("png", "true")));
        f.remove("png");
        f.remove("policy");
        if (!f.isEmpty()) {
            throw new IllegalArgumentException("unknown options " + f.keySet());
        }
        Policies.select(settings, options.policy());  // fail early on an unknown name
        return options;
    }

    /** City mode: generate the day on the map (seeded), replay every selected policy, write the same reports. */
    static boolean runCity(Map<String, String> flags, Path out) {
        Map<String, String> f = new LinkedHashMap<>(flags);
        Path osm = Path.of(f.remove("city"));
        CityInstance.Settings d = CityInstance.Settings.defaults();
        CityInstance.Settings settings = new CityInstance.Settings((int) num(f.remove("orders"), d.orders()),
                (int) num(f.remove("restaurants"), d.restaurants()), d.restaurantRadius(), d.deliveryRadius(),
                d.ordersPerCourierHour());
        String center = f.remove("center");
        Path graphs = Path.of(f.getOrDefault("graphs", ".local/graphs"));
        f.remove("graphs");
        Options options = null;
        try {
            options = options(f);
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
        }
        String name = osm.getFileName().toString().replaceAll("\\.osm\\.pbf$|\\.pbf$", "");
        long seed = options.replay().seed();
        try (BikeRouting routing = BikeRouting.load(osm, graphs.resolve(name + "-mdrp"), System.out::println)) {
            GeoPoint c = center == null ? CityInstance.knownCenter(osm) : parsePoint(center);
            long t = System.nanoTime();
            MdrpInstance instance = CityInstance.generate(name + "-seed" + seed, routing, c, settings, seed);
            System.out.printf(Locale.ROOT, "city day generated in %.1f s (road points, %d bike reverse trees, "
                            + "routes)%n", (System.nanoTime() - t) / 1e9, instance.restaurants().size());
            CityInstance.write(instance, out.resolve("instance"));
            InstanceRun run = runInstance(instance, out, options);
            writeInstanceReport(run, out, options);
            printRun(run);
            System.out.println("report: " + out.resolve("report.md"));
            return run.feasible();
        }
    }

    private static GeoPoint parsePoint(String latLon) {
        String[] p = latLon.split(",");
        if (p.length != 2) {
            throw new IllegalArgumentException("--center expects LAT,LON");
        }
        return new GeoPoint(Double.parseDouble(p[0].strip()), Double.parseDouble(p[1].strip()));
    }

    private static void usage(String why) {
        System.err.println(why + "\nusage: MdrpReplay <instance-dir> <out-dir> [--policy NAME|all] [options]\n"
                + "       MdrpReplay --all <instances-root> <out-dir> [--policy NAME|all] [options]\n"
                + "       MdrpReplay --city <osm.pbf> <out-dir> [--seed N] [--orders N] [--restaurants N] "
                + "[--center LAT,LON] [--graphs DIR] [--policy NAME|all] [options]");
        System.exit(64);
    }

    private static double num(String s, double otherwise) {
        return s == null ? otherwise : Double.parseDouble(s);
    }

    /** Replays one instance with every selected policy, writing and checking the solution files of each. */
    static InstanceRun runInstance(MdrpInstance instance, Path out, Options options) {
        long start = System.nanoTime();
        List<PolicyRun> runs = new ArrayList<>();
        for (DispatchPolicy policy : Policies.select(options.settings(), options.policy())) {
            Replay.Result result = Replay.run(instance, policy, options.replay());
            Path dir = out.resolve(policy.name());
            SolutionFiles.write(dir, result.solution());
            SolutionChecker.Result check = SolutionChecker.check(instance, dir);
            Figures figures = Figures.of(instance, check.feasible() ? SolutionFiles.read(dir) : result.solution());
            runs.add(new PolicyRun(policy.name(), figures, check, result.counters(), result.wallNanos() / 1e6,
                    result.cpuNanos() / 1e6));
        }
        return new InstanceRun(instance, runs, (System.nanoTime() - start) / 1e6);
    }

    private static void printRun(InstanceRun run) {
        System.out.printf(Locale.ROOT, "%s: %d orders, %d couriers, structural floor %.3f%n", run.instance().name(),
                run.instance().orders().size(), run.instance().couriers().size(),
                run.runs().get(0).figures().structuralFloor());
        for (PolicyRun r : run.runs()) {
            Figures f = r.figures();
            System.out.printf(Locale.ROOT, "  %-34s %s delivered %4d/%d  click-to-door %.2f  Gini %.3f  "
                            + "share-adjusted %.3f  replay %.1f ms (CPU %.1f)%n", r.policy(),
                    r.check().feasible() ? "feasible  " : "INFEASIBLE", f.ordersDelivered(), f.ordersPlaced(),
                    f.clickToDoor().mean(), f.giniOrderEarningsPerHour(), f.shareAdjustedGini(), r.replayMillis(),
                    r.replayCpuMillis());
            if (!r.check().feasible()) {
                System.out.println(r.check().summary());
            }
        }
    }

    static boolean runAll(Path root, Path out, Options options) throws Exception {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(root)) {
            dirs = s.filter(p -> Files.isRegularFile(p.resolve("orders.txt"))).sorted().toList();
        }
        if (dirs.isEmpty()) {
            throw new IllegalArgumentException("no instance folders (with orders.txt) in " + root);
        }
        long start = System.nanoTime();
        List<InstanceRun> runs = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, options.threads()));
        try {
            List<Future<InstanceRun>> futures = new ArrayList<>();
            for (Path dir : dirs) {
                futures.add(pool.submit(() -> {
                    MdrpInstance instance = MdrpInstance.read(dir);
                    Path o = out.resolve(instance.name());
                    InstanceRun run = runInstance(instance, o, options);
                    writeInstanceReport(run, o, options);
                    return run;
                }));
            }
            for (Future<InstanceRun> f : futures) {
                InstanceRun run = f.get();
                runs.add(run);
                System.out.printf(Locale.ROOT, "%-18s %s  %7.0f ms%n", run.instance().name(),
                        run.feasible() ? "feasible" : "INFEASIBLE", run.wallMillis());
            }
        } finally {
            pool.shutdown();
        }
        double wall = (System.nanoTime() - start) / 1e6;
        Summary.write(runs, out, options, wall);
        System.out.printf(Locale.ROOT, "%d instances in %.1f s (one process, %d thread%s); summary: %s%n",
                runs.size(), wall / 1000, options.threads(), options.threads() == 1 ? "" : "s",
                out.resolve("summary.md"));
        return runs.stream().allMatch(InstanceRun::feasible);
    }

    // ---- per-instance report ---------------------------------------------------------------------------------------

    static Map<String, Object> figuresJson(Figures f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ordersPlaced", f.ordersPlaced());
        m.put("ordersDelivered", f.ordersDelivered());
        m.put("assignments", f.assignments());
        m.put("clickToDoor", dist(f.clickToDoor()));
        m.put("readyToDoor", dist(f.readyToDoor()));
        m.put("readyToPickup", dist(f.readyToPickup()));
        m.put("clickToDoorOverage", dist(f.clickToDoorOverage()));
        m.put("ordersPerShiftHourMean", f.ordersPerHourMean());
        m.put("utilizationMean", f.utilizationMean());
        m.put("totalPayment", f.totalPayment());
        m.put("shareOnGuarantee", f.shareOnGuarantee());
        m.put("giniOrderEarningsPerShiftHour", f.giniOrderEarningsPerHour());
        m.put("giniOrdersPerShiftHour", f.giniOrdersPerHour());
        m.put("payPerHourMin", f.payPerHourMin());
        m.put("payPerHourMax", f.payPerHourMax());
        m.put("payPerHourMaxMinusMin", f.payPerHourSpread());
        m.put("structuralFloor", f.structuralFloor());
        m.put("shareAdjustedGini", f.shareAdjustedGini());
        m.put("integerShareFloor", f.integerShareFloor());
        m.put("demandShareFloor", f.demandShareFloor());
        m.put("splitFloorGap", f.splitFloorGap());
        return m;
    }

    private static Map<String, Object> dist(Figures.Dist d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", d.mean());
        m.put("p10", d.p10());
        m.put("p50", d.p50());
        m.put("p90", d.p90());
        return m;
    }

    static void writeInstanceReport(InstanceRun run, Path out, Options options) {
        MdrpInstance inst = run.instance();
        PolicyRun nearest = run.nearest();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("instance", inst.name());
        json.put("orders", inst.orders().size());
        json.put("couriers", inst.couriers().size());
        json.put("courierHours", inst.couriers().stream().mapToDouble(MdrpInstance.Courier::shiftMinutes).sum() / 60);
        json.put("parameters", inst.parameters().toString());
        json.put("settings", options.describe());
        json.put("wallMillis", run.wallMillis());
        json.put("replayWallMillisAllPolicies", run.runs().stream().mapToDouble(PolicyRun::replayMillis).sum());
        json.put("replayCpuMillisAllPolicies", run.runs().stream().mapToDouble(PolicyRun::replayCpuMillis).sum());
        List<Object> policies = new ArrayList<>();
        for (PolicyRun r : run.runs()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("policy", r.policy());
            p.put("feasible", r.check().feasible());
            p.put("violations", r.check().violations().stream().map(Object::toString).toList());
            p.put("replayWallMillis", r.replayMillis());
            p.put("replayCpuMillis", r.replayCpuMillis());
            p.put("figures", figuresJson(r.figures()));
            Replay.Counters c = r.counters();
            Map<String, Object> counters = new LinkedHashMap<>();
            counters.put("dispatchRounds", c.dispatchRounds());
            counters.put("decisions", c.decisions());
            counters.put("offers", c.offers());
            counters.put("declines", c.declines());
            counters.put("assignedByCoordinators", c.byCoordinator());
            counters.put("ordersAddedToTrips", c.bundledOrders());
            counters.put("relocations", c.relocations());
            p.put("counters", counters);
            if (nearest != null) {
                Targets t = Targets.of(r, nearest);
                Map<String, Object> tm = new LinkedHashMap<>();
                tm.put("shareAdjustedGiniAtMost0.08", t.adjusted());
                tm.put("giniWithin0.02OfStructuralFloor", t.floorGap());
                tm.put("clickToDoorAtMost3PercentAboveNearest", t.clickToDoor());
                tm.put("deliveredAtLeastNearest", t.delivered());
                p.put("targets", tm);
            }
            policies.add(p);
        }
        json.put("policies", policies);
        write(out.resolve("report.json"), Json.write(json));

        StringBuilder md = new StringBuilder();
        md.append("# MDRP replay: ").append(inst.name()).append("\n\n");
        md.append(String.format(Locale.ROOT, "%d orders, %d couriers, %.1f courier hours. Structural floor (Gini of "
                        + "fair share per shift hour): **%.3f**. Replay wall time, all policies: %.0f ms (CPU %.0f ms; "
                        + "with writing and checking the files: %.0f ms wall).%n%n", inst.orders().size(),
                inst.couriers().size(), (double) json.get("courierHours"),
                run.runs().get(0).figures().structuralFloor(), (double) json.get("replayWallMillisAllPolicies"),
                (double) json.get("replayCpuMillisAllPolicies"), run.wallMillis()));
        md.append("Settings: ").append(options.describe()).append("\n\n");
        md.append(tableHeader());
        for (PolicyRun r : run.runs()) {
            md.append(tableRow(r.policy(), r.figures(), r.check().feasible() ? "yes" : "**NO**", r.replayMillis(),
                    r.replayCpuMillis()));
        }
        md.append("\nTimes in minutes; pay in instance units. Gini e/h: of order earnings per shift hour; o/h: of "
                + "orders per shift hour; share-adj.: FORMAT.md's share-adjusted Gini; int. floor: that measure for "
                + "the most even split of the same work in whole orders (Figures.wholeOrderFloor).\n");
        Figures first = run.runs().get(0).figures();
        md.append(String.format(Locale.ROOT, "%nWhole orders on this instance: if every order were picked up in the "
                + "minute it is placed, the most even whole-order split would have a share-adjusted Gini of %.3f "
                + "(instance-only). Per policy, its own work split as evenly as whole orders allow: "
                + "share-adjusted Gini (int. floor) / Gini of orders per shift hour − structural floor: %s.%n",
                first.demandShareFloor(), run.runs().stream().map(r -> String.format(Locale.ROOT, "%s %.3f / %+.3f",
                        r.policy(), r.figures().integerShareFloor(), r.figures().splitFloorGap()))
                        .collect(java.util.stream.Collectors.joining("; "))));
        if (nearest != null) {
            md.append("\nTargets on this instance (vs NEAREST of this run): share-adjusted Gini ≤ 0.08, Gini within "
                    + "0.02 of the floor, click-to-door ≤ NEAREST + 3 %, delivered ≥ NEAREST.\n\n");
            md.append("| policy | share-adj. ≤ 0.08 | Gini − floor ≤ 0.02 | click-to-door vs NEAREST | delivered vs "
                    + "NEAREST | all |\n|---|---|---|---|---|---|\n");
            for (PolicyRun r : run.runs()) {
                Targets t = Targets.of(r, nearest);
                Figures f = r.figures();
                md.append(String.format(Locale.ROOT, "| %s | %s %.3f | %s %+.3f | %s %+.1f %% | %s %+d | %s |%n",
                        r.policy(), mark(t.adjusted()), f.shareAdjustedGini(), mark(t.floorGap()),
                        f.giniOrderEarningsPerHour() - f.structuralFloor(), mark(t.clickToDoor()),
                        100 * (f.clickToDoor().mean() / nearest.figures().clickToDoor().mean() - 1),
                        mark(t.delivered()), f.ordersDelivered() - nearest.figures().ordersDelivered(),
                        mark(t.all())));
            }
        }
        for (PolicyRun r : run.runs()) {
            if (!r.check().feasible()) {
                md.append("\n## ").append(r.policy()).append(": infeasible\n\n```\n").append(r.check().summary())
                        .append("\n```\n");
            }
        }
        md.append("\nSolution files: `<policy>/solution_info_{assignments,orders,couriers}.txt`. Charts: "
                + "[charts.html](charts.html).\n");
        write(out.resolve("report.md"), md.toString());
        if (options.pngPerInstance()) {
            Charts.instancePngs(out, inst.name(), run.runs().stream().map(PolicyRun::policy).toList(),
                    run.runs().stream().map(PolicyRun::figures).toList());
        }
        write(out.resolve("charts.html"), Charts.instancePage(inst.name(),
                run.runs().stream().map(PolicyRun::policy).toList(),
                run.runs().stream().map(PolicyRun::figures).toList(),
                String.format(Locale.ROOT, "%d orders, %d couriers. Structural floor %.3f.", inst.orders().size(),
                        inst.couriers().size(), run.runs().get(0).figures().structuralFloor())));
    }

    static String mark(boolean ok) {
        return ok ? "✓" : "✗";
    }

    static String tableHeader() {
        return "| policy | feasible | delivered | click-to-door mean / p10 / p50 / p90 | ready-to-door mean | "
                + "ready-to-pickup mean | overage mean | orders per shift h | utilization | payment | on guarantee | "
                + "Gini e/h | Gini o/h | max−min pay/h | share-adj. Gini | int. floor | replay ms wall / CPU |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
    }

    static String tableRow(String policy, Figures f, String feasible, double replayMillis, double cpuMillis) {
        return String.format(Locale.ROOT, "| %s | %s | %d / %d | %.2f / %.1f / %.1f / %.1f | %.2f | %.2f | %.2f | "
                        + "%.2f | %.3f | %.0f | %.3f | %.3f | %.3f | %.2f | %.3f | %.3f | %.1f / %.1f |%n", policy,
                feasible, f.ordersDelivered(), f.ordersPlaced(), f.clickToDoor().mean(), f.clickToDoor().p10(),
                f.clickToDoor().p50(), f.clickToDoor().p90(), f.readyToDoor().mean(), f.readyToPickup().mean(),
                f.clickToDoorOverage().mean(), f.ordersPerHourMean(), f.utilizationMean(), f.totalPayment(),
                f.shareOnGuarantee(), f.giniOrderEarningsPerHour(), f.giniOrdersPerHour(), f.payPerHourSpread(),
                f.shareAdjustedGini(), f.integerShareFloor(), replayMillis, cpuMillis);
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
