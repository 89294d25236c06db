package coop.dispatch.engine.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class ReverseGraphTest {

    @Test
    void arcsAreListedUnderTheNodeTheyLeadInto() {
        ReverseGraph graph = new ReverseGraph.Builder(3, 1)
                .arc(0, 2, 1.5, 1_000, 10)
                .arc(1, 2, 2.5, 2_000, 20)
                .arc(2, 0, 3.5, 3_000, 30)
                .build();
        assertEquals(3, graph.arcs());
        assertEquals(0, graph.endArc(1) - graph.firstArc(1), "nothing leads into node 1");
        assertEquals(1, graph.endArc(0) - graph.firstArc(0));
        assertEquals(2, graph.arcSource(graph.firstArc(0)));
        assertEquals(3_000, graph.arcMillis(graph.firstArc(0)));
        assertArrayEquals(new String[]{"0 1.5 1000 10.0", "1 2.5 2000 20.0"}, arcsInto(graph, 2));
    }

    @Test
    void aSavedGraphLoadsBackOnlyWithItsFingerprint(@TempDir Path folder) throws IOException {
        ReverseGraph graph = new ReverseGraph.Builder(4, 4)
                .arc(0, 1, 1.25, 900, 12.5)
                .arc(1, 0, 1.75, 1_100, 12.5)
                .arc(3, 2, 9, 7_000, 99)
                .build();
        Path file = folder.resolve("pickup_search_bike");
        graph.save(file, 42);

        ReverseGraph loaded = ReverseGraph.load(file, 42);
        assertNotNull(loaded);
        assertEquals(graph.nodes(), loaded.nodes());
        for (int node = 0; node < graph.nodes(); node++) {
            assertArrayEquals(arcsInto(graph, node), arcsInto(loaded, node), "arcs into " + node);
        }
        assertNull(ReverseGraph.load(file, 43), "another graph or profile");
        assertNull(ReverseGraph.load(folder.resolve("missing"), 42));
        Files.write(file, new byte[30]);
        assertNull(ReverseGraph.load(file, 42), "a damaged file");
    }

    private static String[] arcsInto(ReverseGraph graph, int node) {
        String[] arcs = new String[graph.endArc(node) - graph.firstArc(node)];
        for (int arc = graph.firstArc(node); arc < graph.endArc(node); arc++) {
            arcs[arc - graph.firstArc(node)] = graph.arcSource(arc) + " " + graph.arcWeight(arc) + " "
                    + graph.arcMillis(arc) + " " + graph.arcMeters(arc);
        }
        return arcs;
    }
}
