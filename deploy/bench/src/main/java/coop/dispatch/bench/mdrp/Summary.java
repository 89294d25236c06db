package coop.dispatch.bench.mdrp;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/** summary.md, summary.json and summary.html of a {@code --all} run: per policy, the mean over instances. */
final class Summary {
    private Summary() {
    }

    private record Metric(String name, ToDoubleFunction<Figures> value) {
    }

    private static final List<Metric> METRICS = List.of(
            new Metric("ordersDeliveredShare", Figures::deliveredShare),
            new Metric("clickToDoorMean", f -> f.clickToDoor().mean()),
            new Metric("clickToDoorP10", f -> f.clickToDoor().p10()),
            new Metric("clickToDoorP50", f -> f.clickToDoor().p50()),
            new Metric("clickToDoorP90", f -> f.clickToDoor().p90()),
            new Metric("readyToDoorMean", f -> f.readyToDoor().mean()),
            new Metric("readyToPickupMean", f -> f.readyToPickup().mean()),
            new Metric("clickToDoorOverageMean", f -> f.clickToDoorOverage().mean()),
            new Metric("ordersPerShiftHourMean", Figures::ordersPerHourMean),
            new Metric("utilizationMean", Figures::utilizationMean),
            new Metric("totalPayment", Figures::totalPayment),
            new Metric("shareOnGuarantee", Figures::shareOnGuarantee),
            new Metric("giniOrderEarningsPerShiftHour", Figures::giniOrderEarningsPerHour),
            new Metric("giniOrdersPerShiftHour", Figures::giniOrdersPerHour),
            new Metric("payPerHourMaxMinusMin", Figures::payPerHourSpread),
            new Metric("structuralFloor", Figures::structuralFloor),
            new Metric("shareAdjustedGini", Figures::shareAdjustedGini),
            new Metric("integerShareFloor", Figures::integerShareFloor));

    static void write(List<MdrpReplay.InstanceRun> runs, Path out, MdrpReplay.Options options,
                      double wallMillis) {
        List<String> policies = runs.get(0).runs().stream().map(MdrpReplay.PolicyRun::policy).toList();
        int n = runs.size();
        Map<String, double[]> means = new LinkedHashMap<>();
        Map<String, Double> replayMs = new LinkedHashMap<>();
        Map<String, Double> replayCpu = new LinkedHashMap<>();
        Map<String, Integer> delivered = new LinkedHashMap<>();
        Map<String, Integer> feasible = new LinkedHashMap<>();
        for (String p : policies) {
            double[] m = new double[METRICS.size()];
            double ms = 0;
            double cpu = 0;
            int d = 0;
            int ok = 0;
            for (MdrpReplay.InstanceRun run : runs) {
                MdrpReplay.PolicyRun r = find(run, p);
                for (int i = 0; i < m.length; i++) {
                    m[i] += METRICS.get(i).value().applyAsDouble(r.figures()) / n;
                }
                ms += r.replayMillis();
                cpu += r.replayCpuMillis();
                d += r.figures().ordersDelivered();
                ok += r.check().feasible() ? 1 : 0;
            }
            means.put(p, m);
            replayMs.put(p, ms);
            replayCpu.put(p, cpu);
            delivered.put(p, d);
            feasible.put(p, ok);
        }
        int placed = runs.stream().mapToInt(r -> r.instance().orders().size()).sum();

        StringBuilder md = new StringBuilder("# MDRP replay: summary over ").append(n).append(" instances\n\n");
        md.append("Settings: ").append(options.describe()).append("\n\n");
        md.append("## Means over instances\n\n");
        md.append("| policy | feasible | delivered (all instances) | click-to-door mean / p50 / p90 | ready-to-pickup "
                + "mean | overage mean | payment (mean per instance) | on guarantee | Gini e/h | Gini o/h | max−min "
                + "pay/h | structural floor | share-adj. Gini | int. floor | replay ms wall / CPU (all instances) |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (String p : policies) {
            double[] m = means.get(p);
            md.append(String.format(Locale.ROOT, "| %s | %d / %d | %d / %d (%.2f %%) | %.2f / %.2f / %.2f | %.2f | "
                            + "%.2f | %.0f | %.3f | %.3f | %.3f | %.2f | %.3f | %.3f | %.3f | %.0f / %.0f |%n", p,
                    feasible.get(p), n, delivered.get(p), placed, 100.0 * delivered.get(p) / placed, m[1], m[3],
                    m[4], m[6], m[7], m[10], m[11], m[12], m[13], m[14], m[15], m[16], m[17], replayMs.get(p),
                    replayCpu.get(p)));
        }

        boolean hasNearest = policies.contains(NearestPolicy.NAME);
        if (hasNearest) {
            md.append("\n## Targets (issue 7), per policy\n\nOn every instance against NEAREST of the same run: "
                    + "share-adjusted Gini ≤ 0.05 on average and ≤ 0.08 on every instance; Gini of earnings per shift "
                    + "hour within 0.02 of the structural floor; click-to-door mean ≤ NEAREST + 3 %; delivered ≥ "
                    + "NEAREST.\n\n");
            md.append("| policy | share-adj. mean (≤ 0.05) | share-adj. max | instances ≤ 0.08 | Gini − floor mean "
                    + "/ max | instances within 0.02 | click-to-door vs NEAREST mean / max | instances ≤ +3 % | "
                    + "delivered vs NEAREST | instances ≥ NEAREST | instances meeting all four |\n"
                    + "|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (String p : policies) {
                double adjMax = 0;
                double gapSum = 0;
                double gapMax = -1;
                double ctdSum = 0;
                double ctdMax = -1;
                int adjOk = 0;
                int gapOk = 0;
                int ctdOk = 0;
                int delOk = 0;
                int allOk = 0;
                int delDiff = 0;
                for (MdrpReplay.InstanceRun run : runs) {
                    MdrpReplay.PolicyRun r = find(run, p);
                    MdrpReplay.PolicyRun near = run.nearest();
                    Figures f = r.figures();
                    MdrpReplay.Targets t = MdrpReplay.Targets.of(r, near);
                    adjMax = Math.max(adjMax, f.shareAdjustedGini());
                    double gap = f.giniOrderEarningsPerHour() - f.structuralFloor();
                    gapSum += gap;
                    gapMax = Math.max(gapMax, gap);
                    double ctd = f.clickToDoor().mean() / near.figures().clickToDoor().mean() - 1;
                    ctdSum += ctd;
                    ctdMax = Math.max(ctdMax, ctd);
                    delDiff += f.ordersDelivered() - near.figures().ordersDelivered();
                    adjOk += t.adjusted() ? 1 : 0;
                    gapOk += t.floorGap() ? 1 : 0;
                    ctdOk += t.clickToDoor() ? 1 : 0;
                    delOk += t.delivered() ? 1 : 0;
                    allOk += t.all() ? 1 : 0;
                }
                double adjMean = means.get(p)[16];
                md.append(String.format(Locale.ROOT, "| %s | %s %.3f | %.3f | %d / %d | %+.3f / %+.3f | %d / %d | "
                                + "%+.1f %% / %+.1f %% | %d / %d | %+d | %d / %d | %d / %d |%n", p,
                        MdrpReplay.mark(adjMean <= MdrpReplay.TARGET_ADJUSTED_MEAN), adjMean, adjMax, adjOk, n,
                        gapSum / n, gapMax, gapOk, n, 100 * ctdSum / n, 100 * ctdMax, ctdOk, n, delDiff, delOk, n,
                        allOk, n));
            }
            md.append(wholeOrderNote(runs, policies.get(policies.size() - 1)));
        }

        md.append("\n## Wall time\n\n");
        md.append(String.format(Locale.ROOT, "All %d instances, every policy, in one process (JVM start excluded, "
                        + "reading, replaying, writing and checking the files included): **%.1f s** (%d thread%s). "
                        + "Replay alone, summed over instances and policies: %.1f s wall, %.1f s CPU. Load average "
                        + "while running: %s.%n%n", n, wallMillis / 1000,
                options.threads(), options.threads() == 1 ? "" : "s",
                replayMs.values().stream().mapToDouble(Double::doubleValue).sum() / 1000,
                replayCpu.values().stream().mapToDouble(Double::doubleValue).sum() / 1000, loadAverage()));
        MdrpReplay.InstanceRun largest = runs.stream()
                .max(Comparator.comparingInt(r -> r.instance().orders().size())).orElseThrow();
        MdrpReplay.InstanceRun first = runs.get(0);
        List<MdrpReplay.InstanceRun> o100 = runs.stream().filter(r -> r.instance().name().contains("o100")).toList();
        md.append("Replay wall ms / CPU ms per policy: the largest instance; the first instance replayed (JIT still "
                + "cold); over the o100 instances, the median and the slowest (by wall time, per policy).\n\n");
        md.append("| instance | orders | couriers |");
        policies.forEach(p -> md.append(' ').append(p).append(" ms |"));
        md.append(" all policies ms |\n|---|---|---|").append("---|".repeat(policies.size() + 1)).append('\n');
        for (MdrpReplay.InstanceRun r : largest == first ? List.of(largest) : List.of(largest, first)) {
            md.append("| ").append(r.instance().name()).append(r == first ? " (first)" : "").append(" | ")
                    .append(r.instance().orders().size()).append(" | ").append(r.instance().couriers().size())
                    .append(" |");
            double sum = 0;
            for (String p : policies) {
                double ms = find(r, p).replayMillis();
                sum += ms;
                md.append(String.format(Locale.ROOT, " %.1f / %.1f |", ms, find(r, p).replayCpuMillis()));
            }
            md.append(String.format(Locale.ROOT, " %.1f |%n", sum));
        }
        if (!o100.isEmpty()) {
            for (String which : List.of("median", "slowest")) {
                md.append("| o100 ").append(which).append(" (").append(o100.size()).append(" instances) | | |");
                double sum = 0;
                for (String p : policies) {
                    List<MdrpReplay.PolicyRun> byTime = o100.stream().map(r -> find(r, p))
                            .sorted(Comparator.comparingDouble(MdrpReplay.PolicyRun::replayMillis)).toList();
                    MdrpReplay.PolicyRun pick = which.equals("median") ? byTime.get(byTime.size() / 2)
                            : byTime.get(byTime.size() - 1);
                    sum += pick.replayMillis();
                    md.append(String.format(Locale.ROOT, " %.1f / %.1f |", pick.replayMillis(),
                            pick.replayCpuMillis()));
                }
                md.append(which.equals("median") ? String.format(Locale.ROOT, " %.1f |%n", sum) : " – |\n");
            }
        }

        String focus = policies.contains(FairSharePolicy.NAME) ? FairSharePolicy.NAME
                : policies.get(policies.size() - 1);
        md.append("\n## Per instance\n\n");
        md.append("| instance | orders | couriers | floor | NEAREST share-adj. | LOWEST_EARNINGS_PER_HOUR share-adj. "
                + "| ")
                .append(focus).append(" share-adj. | int. floor | demand int. floor | ").append(focus)
                .append(" Gini − floor | split Gini − floor | ")
                .append(focus).append(" click-to-door vs NEAREST | delivered vs NEAREST | all targets | all "
                        + "feasible |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        List<Map<String, Object>> jsonRuns = new ArrayList<>();
        for (MdrpReplay.InstanceRun run : runs) {
            MdrpReplay.PolicyRun f = find(run, focus);
            MdrpReplay.PolicyRun near = run.nearest();
            MdrpReplay.PolicyRun lowest = find(run, "LOWEST_EARNINGS_PER_HOUR");
            Figures ff = f.figures();
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3f | %s | %s | %.3f | %.3f | %.3f | %+.3f | %+.3f "
                            + "| %s | %s | %s | %s |%n", run.instance().name(), run.instance().orders().size(),
                    run.instance().couriers().size(), ff.structuralFloor(),
                    near == null ? "–" : String.format(Locale.ROOT, "%.3f", near.figures().shareAdjustedGini()),
                    lowest == null ? "–" : String.format(Locale.ROOT, "%.3f", lowest.figures().shareAdjustedGini()),
                    ff.shareAdjustedGini(), ff.integerShareFloor(), ff.demandShareFloor(),
                    ff.giniOrderEarningsPerHour() - ff.structuralFloor(), ff.splitFloorGap(),
                    near == null ? "–" : String.format(Locale.ROOT, "%+.1f %%",
                            100 * (ff.clickToDoor().mean() / near.figures().clickToDoor().mean() - 1)),
                    near == null ? "–" : String.format(Locale.ROOT, "%+d",
                            ff.ordersDelivered() - near.figures().ordersDelivered()),
                    near == null ? "–" : MdrpReplay.mark(MdrpReplay.Targets.of(f, near).all()),
                    run.feasible() ? "yes" : "**NO**"));
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("instance", run.instance().name());
            j.put("orders", run.instance().orders().size());
            j.put("couriers", run.instance().couriers().size());
            j.put("wallMillis", run.wallMillis());
            Map<String, Object> per = new LinkedHashMap<>();
            for (MdrpReplay.PolicyRun r : run.runs()) {
                Map<String, Object> pj = new LinkedHashMap<>();
                pj.put("feasible", r.check().feasible());
                pj.put("replayWallMillis", r.replayMillis());
                pj.put("replayCpuMillis", r.replayCpuMillis());
                pj.put("figures", MdrpReplay.figuresJson(r.figures()));
                per.put(r.policy(), pj);
            }
            j.put("policies", per);
            jsonRuns.add(j);
        }
        MdrpReplay.write(out.resolve("summary.md"), md.toString());

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("instances", n);
        json.put("settings", options.describe());
        json.put("wallMillis", wallMillis);
        Map<String, Object> meanJson = new LinkedHashMap<>();
        means.forEach((p, m) -> {
            Map<String, Object> x = new LinkedHashMap<>();
            for (int i = 0; i < m.length; i++) {
                x.put(METRICS.get(i).name(), m[i]);
            }
            x.put("ordersDelivered", delivered.get(p));
            x.put("ordersPlaced", placed);
            x.put("feasibleRuns", feasible.get(p));
            x.put("replayWallMillisAllInstances", replayMs.get(p));
            x.put("replayCpuMillisAllInstances", replayCpu.get(p));
            meanJson.put(p, x);
        });
        json.put("meansOverInstances", meanJson);
        json.put("runs", jsonRuns);
        MdrpReplay.write(out.resolve("summary.json"), Json.write(json));

        List<String> names = runs.stream().map(r -> r.instance().name()).toList();
        LinkedHashMap<String, double[]> adjusted = new LinkedHashMap<>();
        LinkedHashMap<String, double[]> gap = new LinkedHashMap<>();
        for (String p : policies) {
            adjusted.put(p, runs.stream().mapToDouble(r -> find(r, p).figures().shareAdjustedGini()).toArray());
            gap.put(p, runs.stream().mapToDouble(r -> {
                Figures f = find(r, p).figures();
                return f.giniOrderEarningsPerHour() - f.structuralFloor();
            }).toArray());
        }
        // the fairest whole-order split of the focus policy's own work, beside the policies: what is left to gain
        adjusted.put("whole-order floor (" + focus + ")", runs.stream()
                .mapToDouble(r -> find(r, focus).figures().integerShareFloor()).toArray());
        double[] index = IntStream.rangeClosed(1, n).asDoubleStream().toArray();
        Charts.writePng(out.resolve("share-adjusted-gini.png"), Charts.lineChartImage("Share-adjusted Gini per "
                + "instance (target ≤ 0.08 each, ≤ 0.05 on average)", adjusted.entrySet().stream()
                .map(e -> new Charts.Series(e.getKey(), index, e.getValue())).toList(), "instance (summary.md order)",
                "share-adjusted Gini", false, 0.05, 0.08));
        Charts.writePng(out.resolve("gini-minus-floor.png"), Charts.lineChartImage("Gini of earnings per shift hour "
                + "− structural floor (target ≤ 0.02)", gap.entrySet().stream()
                .map(e -> new Charts.Series(e.getKey(), index, e.getValue())).toList(), "instance (summary.md order)",
                "Gini − floor", false, 0.02));
        Charts.instancePngs(out, "all " + n + " instances pooled", policies, policies.stream()
                .map(p -> pooled(runs, p)).toList());
        String page = Charts.summaryPage("MDRP replay: share-adjusted Gini per instance", names, adjusted,
                "share-adjusted Gini", "Target: ≤ 0.08 on every instance, ≤ 0.05 on average.", 0.05, 0.08);
        String second = Charts.lineChart(gap.entrySet().stream()
                .map(e -> new Charts.Series(e.getKey(), IntStream.rangeClosed(1, n)
                        .asDoubleStream().toArray(), e.getValue())).toList(),
                "instance", "Gini of earnings per shift hour − structural floor", false, new double[] {0.02});
        page = page.replace("<ol>", "<h2>Gini of earnings per shift hour minus the structural floor</h2>\n<p>Target:"
                + " ≤ 0.02.</p>\n" + second + "<ol>");
        MdrpReplay.write(out.resolve("summary.html"), page);
    }

    /**
     * How far whole orders alone keep a policy from the targets (none of these is a FORMAT.md figure): its int. floor
     * (the share-adjusted Gini of the most even whole-order split of the same run's work) above 0.05 and above 0.08,
     * the same for work that follows demand minute by minute (depends on the instance only), and on how many instances
     * that most even split would itself miss the structural-floor target.
     */
    static String wholeOrderNote(List<MdrpReplay.InstanceRun> runs, String policy) {
        double sum = 0;
        double demandSum = 0;
        int above05 = 0;
        int above08 = 0;
        int demandAbove08 = 0;
        int splitMissesFloor = 0;
        for (MdrpReplay.InstanceRun run : runs) {
            Figures f = find(run, policy).figures();
            sum += f.integerShareFloor();
            demandSum += f.demandShareFloor();
            above05 += f.integerShareFloor() > MdrpReplay.TARGET_ADJUSTED_MEAN ? 1 : 0;
            above08 += f.integerShareFloor() > MdrpReplay.TARGET_ADJUSTED_MAX ? 1 : 0;
            demandAbove08 += f.demandShareFloor() > MdrpReplay.TARGET_ADJUSTED_MAX ? 1 : 0;
            splitMissesFloor += f.splitFloorGap() > MdrpReplay.TARGET_FLOOR_GAP ? 1 : 0;
        }
        int n = runs.size();
        return String.format(Locale.ROOT, "%nWhole orders alone (not FORMAT.md figures). int. floor: the share-adjusted "
                        + "Gini of %s's own work split among its couriers as evenly as whole orders allow "
                        + "(Figures.wholeOrderSplit): mean %.3f, above 0.05 on %d and above 0.08 on %d of %d instances; "
                        + "on those, no dispatcher reaches the target with these shares. demand int. floor: the same "
                        + "if every order were picked up in the minute it is placed (the instance alone): mean %.3f, "
                        + "above 0.08 on %d. split Gini − floor: the Gini of orders per shift hour of that most even "
                        + "split minus the structural floor; above 0.02 on %d of %d instances: there the split fairest by "
                        + "the share-adjusted measure misses the structural-floor target, so the two targets pull "
                        + "apart.%n",
                policy, sum / n, above05, above08, n, demandSum / n, demandAbove08, splitMissesFloor, n);
    }

    /** Every courier and every delivered order of all runs of a policy, for the pooled charts. */
    private static Figures pooled(List<MdrpReplay.InstanceRun> runs, String policy) {
        List<Figures> all = runs.stream().map(r -> find(r, policy).figures()).toList();
        Figures first = all.get(0);
        return new Figures(first.ordersPlaced(), first.ordersDelivered(), first.assignments(), first.clickToDoor(),
                first.readyToDoor(), first.readyToPickup(), first.clickToDoorOverage(), first.ordersPerHourMean(),
                first.utilizationMean(), first.totalPayment(), first.shareOnGuarantee(),
                first.giniOrderEarningsPerHour(), first.giniOrdersPerHour(), first.payPerHourMin(),
                first.payPerHourMax(), first.structuralFloor(), first.shareAdjustedGini(), first.integerShareFloor(),
                first.demandShareFloor(), first.splitFloorGap(),
                concat(all, Figures::payPerHour), concat(all, Figures::orderEarningsPerHour),
                concat(all, Figures::shareRatio), concat(all, Figures::fairShare), concat(all, Figures::workShare),
                concat(all, Figures::clickToDoorValues));
    }

    private static double[] concat(List<Figures> all, java.util.function.Function<Figures, double[]> part) {
        return all.stream().flatMapToDouble(f -> java.util.Arrays.stream(part.apply(f))).toArray();
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip().split(" ", 4)[0]
                    + " (1 min, " + Runtime.getRuntime().availableProcessors() + " cores)";
        } catch (Exception e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory
                    .getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    static MdrpReplay.PolicyRun find(MdrpReplay.InstanceRun run, String policy) {
        return run.runs().stream().filter(r -> r.policy().equals(policy)).findFirst().orElse(null);
    }
}
