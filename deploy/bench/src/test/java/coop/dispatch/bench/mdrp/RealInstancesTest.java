package coop.dispatch.bench.mdrp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** One shipped instance end to end: every policy's files written, read back, checked, reported. */
class RealInstancesTest {
    static final Path INSTANCES = Path.of(System.getProperty("coop.mdrp.dir", "../../../shared/mdrp/instances"));

    @Test
    void harnessWrittenSolutionsOfAShippedInstancePass(@TempDir Path out) throws Exception {
        Path dir = INSTANCES.resolve("1o50t100s1p100");
        assumeTrue(Files.isRegularFile(dir.resolve("orders.txt")), "no MDRP instances at " + INSTANCES);
        MdrpInstance instance = MdrpInstance.read(dir);
        assertEquals(instance.orders().size(), Files.readAllLines(dir.resolve("orders.txt")).size() - 1);
        MdrpReplay.Options options = new MdrpReplay.Options("all", Replay.Options.defaults(),
                Policies.Settings.defaults(), 1);
        MdrpReplay.InstanceRun run = MdrpReplay.runInstance(instance, out, options);
        MdrpReplay.writeInstanceReport(run, out, options);
        for (MdrpReplay.PolicyRun r : run.runs()) {
            assertTrue(r.check().feasible(), r.policy() + ": " + r.check().summary());
            assertTrue(r.figures().ordersDelivered() > 0);
            Path files = out.resolve(r.policy());
            assertTrue(SolutionChecker.check(instance, SolutionFiles.read(files)).feasible());
        }
        for (String f : new String[] {"report.json", "report.md", "charts.html"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        assertTrue(Files.readString(out.resolve("charts.html")).contains("<svg"));
    }
}
