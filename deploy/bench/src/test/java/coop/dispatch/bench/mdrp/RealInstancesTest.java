package coop.dispatch.bench.mdrp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
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
        for (String png : new String[] {"pay-per-hour.png", "orders-per-share.png", "click-to-door.png"}) {
            BufferedImage image = ImageIO.read(out.resolve(png).toFile());
            assertEquals(860, image.getWidth(), png);
            for (int k = 0; k < run.runs().size(); k++) {  // every policy's line (or legend) is drawn in its colour
                assertTrue(hasColor(image, Color.decode(Charts.COLORS[k]).getRGB()), png + ": no " + Charts.COLORS[k]);
            }
        }
    }

    static boolean hasColor(BufferedImage image, int rgb) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == (rgb & 0xffffff)) {
                    return true;
                }
            }
        }
        return false;
    }
}
