package coop.dispatch.bench.mdrp;

import coop.dispatch.engine.Fairness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FiguresTest {

    @Test
    void gini() {
        assertEquals(0, Fairness.gini(new double[] {2, 2, 2, 2}), 1e-12);
        assertEquals(0.75, Fairness.gini(new double[] {0, 0, 0, 1}), 1e-12);
        assertEquals(0, Fairness.gini(new double[] {0, 0}), 1e-12);
        // mean absolute difference over all pairs / (2 mean): {1, 3}: (0+2+2+0)/4 / (2*2) = 0.25
        assertEquals(0.25, Fairness.gini(new double[] {1, 3}), 1e-12);
    }

    @Test
    void quantilesInterpolateLikeNumpy() {
        double[] v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(1.9, Figures.quantile(v, .1), 1e-12);
        assertEquals(5.5, Figures.quantile(v, .5), 1e-12);
        assertEquals(9.1, Figures.quantile(v, .9), 1e-12);
    }

    @Test
    void figuresOfTheHandMadeSolution(@TempDir Path dir) throws Exception {
        MdrpInstance instance = TinyInstance.instance();
        TinyInstance.writeValidSolution(dir);
        Figures f = Figures.of(instance, SolutionFiles.read(dir));
        assertEquals(3, f.ordersDelivered());
        assertEquals(4, f.ordersPlaced());
        assertEquals((26.0 + 31 + 24) / 3, f.clickToDoor().mean(), 1e-12);
        assertEquals((16.0 + 21 + 14) / 3, f.readyToDoor().mean(), 1e-12);
        assertEquals((2.0 + 0 + 0) / 3, f.readyToPickup().mean(), 1e-12);
        // c1: 2 orders in 2 h → 20 < 30 guaranteed; c2: 1 order in 1 h → 10 < 15
        assertEquals(45, f.totalPayment(), 1e-12);
        assertEquals(1, f.shareOnGuarantee(), 1e-12);
        assertEquals(15, f.payPerHourMin(), 1e-12);
        assertEquals(15, f.payPerHourMax(), 1e-12);
        // order earnings per shift hour: c1 10, c2 10: equal
        assertEquals(0, f.giniOrderEarningsPerHour(), 1e-12);
        // utilization c1: driving 5 + 10 + 3, one pickup (4), two drop-offs (8) over 120 min;
        // c2: 5 + 10 + 4 + 4 over 60
        assertEquals(((18 + 4 + 8) / 120.0 + (15 + 4 + 4) / 60.0) / 2, f.utilizationMean(), 1e-12);
        // d(t): o1 at 0, o2 at 2, o3 at 5 while both couriers are on shift; o4 at 130, nobody on shift
        assertEquals(1.5, f.fairShare()[0], 1e-12);
        assertEquals(1.5, f.fairShare()[1], 1e-12);
        // F_c per shift hour: 0.75 and 1.5 → Gini (0.75) / (2 · 2 · 1.125)
        assertEquals(0.75 / 4.5, f.structuralFloor(), 1e-12);
        // w(t): all three picked up at 12, 12, 15 while both are on shift: S = 1.5 each; orders 2 and 1
        assertEquals(1.5, f.workShare()[0], 1e-12);
        assertEquals(2 / 1.5, f.shareRatio()[0], 1e-12);
        assertEquals(1 / 1.5, f.shareRatio()[1], 1e-12);
        assertEquals(Fairness.gini(new double[] {2 / 1.5, 1 / 1.5}), f.shareAdjustedGini(), 1e-12);
    }
}
