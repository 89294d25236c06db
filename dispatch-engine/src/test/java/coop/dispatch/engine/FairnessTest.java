package coop.dispatch.engine;

import java.util.List;

import coop.dispatch.engine.Fairness.Span;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

    @Test
    void longestWaitIsTheLongestOnlineStretchWithoutAJob() {
        // Online 0–100; jobs 10–20 and 50–60: waits 10, 30, 40 → 40.
        assertEquals(40, Fairness.longestWait(List.of(new Span(0, 100)), List.of(new Span(50, 60), new Span(10, 20))));
        // A bundle: overlapping jobs 10–40 and 30–70 make one busy stretch; waits 10 and 30.
        assertEquals(30, Fairness.longestWait(List.of(new Span(0, 100)), List.of(new Span(10, 40), new Span(30, 70))));
        // No job at all: the whole shift; two touching shifts are one stretch, a gap between shifts is not waiting.
        assertEquals(80, Fairness.longestWait(List.of(new Span(0, 50), new Span(50, 80)), List.of()));
        assertEquals(50, Fairness.longestWait(List.of(new Span(0, 50), new Span(60, 80)), List.of()));
        // A job running past the end of the shift, and one before the shift started.
        assertEquals(20, Fairness.longestWait(List.of(new Span(100, 200)), List.of(new Span(0, 110), new Span(130, 250))));
        // Busy the whole shift, or never online.
        assertEquals(0, Fairness.longestWait(List.of(new Span(0, 10)), List.of(new Span(0, 10))));
        assertEquals(0, Fairness.longestWait(List.of(), List.of(new Span(0, 10))));
        assertThrows(IllegalArgumentException.class, () -> new Span(10, 5));
    }
}
