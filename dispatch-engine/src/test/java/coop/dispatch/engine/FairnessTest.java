package coop.dispatch.engine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FairnessTest {

    @Test
    void giniIsZeroForEqualSharesAndGrowsWithConcentration() {
        assertEquals(0, Fairness.gini(new double[]{12, 12, 12, 12}), 1e-12);
        assertEquals(0.75, Fairness.gini(new double[]{0, 0, 0, 40}), 1e-12, "one of four has everything: (n-1)/n");
        // 1, 2, 3, 4: sum |xi - xj| over ordered pairs = 20, divided by 2 n² mean = 2 · 16 · 2.5 = 80.
        assertEquals(0.25, Fairness.gini(new double[]{4, 1, 3, 2}), 1e-12);
        assertEquals(0, Fairness.gini(new double[]{}), 1e-12);
        assertEquals(0, Fairness.gini(new double[]{0, 0}), 1e-12);
    }
}
