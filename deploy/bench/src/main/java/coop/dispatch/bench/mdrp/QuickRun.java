package coop.dispatch.bench.mdrp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

public final class QuickRun {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        String filter = args.length > 1 ? args[1] : "";
        String only = args.length > 2 ? args[2] : "all";
        List<Path> dirs = new ArrayList<>();
        try (var s = Files.list(root)) {
            s.filter(p -> p.getFileName().toString().matches(filter.isEmpty() ? ".*" : filter)).sorted()
                    .forEach(dirs::add);
        }
        Map<String, double[]> sums = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        for (Path dir : dirs) {
            MdrpInstance inst = MdrpInstance.read(dir);
            Figures nearest = null;
            for (DispatchPolicy policy : Policies.select(Policies.Settings.defaults().withFairShare(FairSharePolicy.Config.defaults().with(System.getProperty("fs", ""))), only)) {
                Replay.Result r = Replay.run(inst, policy, Replay.Options.defaults());
                Figures f = Figures.of(inst, r.solution());
                if (nearest == null) {
                    nearest = f;
                }
                boolean ok = SolutionChecker.check(inst, r.solution()).feasible();
                double ctdRatio = f.clickToDoor().mean() / nearest.clickToDoor().mean() - 1;
                double[] s = sums.computeIfAbsent(policy.name(), k -> new double[12]);
                s[0]++;
                s[1] += f.shareAdjustedGini();
                s[2] = Math.max(s[2], f.shareAdjustedGini());
                s[3] += f.giniOrdersPerHour() - f.structuralFloor();
                s[4] = Math.max(s[4], f.giniOrdersPerHour() - f.structuralFloor());
                s[5] += ctdRatio;
                s[6] = Math.max(s[6], ctdRatio);
                s[7] += f.ordersDelivered() - nearest.ordersDelivered();
                s[8] = Math.min(s[8], f.ordersDelivered() - nearest.ordersDelivered());
                s[9] += ok ? 0 : 1;
                s[10] += r.wallNanos() / 1e6;
                s[11] += f.integerShareFloor();
                if (System.getProperty("verbose") != null) {
                    System.out.printf(Locale.ROOT, "%-18s %-26s adj %.3f gap %+.3f ctd %+.3f deliv %+d undeliv %.3f%n",
                            inst.name(), policy.name(), f.shareAdjustedGini(),
                            f.giniOrdersPerHour() - f.structuralFloor(), ctdRatio,
                            f.ordersDelivered() - nearest.ordersDelivered(), 1 - f.deliveredShare());
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d instances, %.1f s%n", dirs.size(), (System.nanoTime() - t0) / 1e9);
        System.out.println("policy                      adjGini(mean/max) gap-to-floor(mean/max) ctd-vs-NEAREST(mean/max)"
                + " deliv-vs-NEAREST(sum/min) intfloor infeasible ms/run");
        sums.forEach((k, s) -> System.out.printf(Locale.ROOT,
                "%-28s %.3f %.3f     %+.3f %+.3f          %+.3f %+.3f         %+5.0f %+4.0f   %.3f  %.0f  %.0f%n",
                k, s[1] / s[0], s[2], s[3] / s[0], s[4], s[5] / s[0], s[6], s[7], s[8], s[11] / s[0], s[9],
                s[10] / s[0]));
    }
}
