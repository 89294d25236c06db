package coop.dispatch.geocoder;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads the real Prague extract (../shared/osm) and checks what a geocoder needs from it. */
class OsmExtractReaderTest {
    private static OsmExtract prague;
    private static final List<String> progress = new ArrayList<>();

    @BeforeAll
    static void read() throws Exception {
        Path file = Path.of(System.getProperty("coop.osm.dir", "../../shared/osm"), "prague-small.osm.pbf");
        prague = new OsmExtractReader("Praha", (percent, line) -> progress.add(line)).read(file);
    }

    @Test
    void readsThousandsOfAddressesWithStreetsAndNumbers() {
        assertTrue(prague.addresses().size() > 5_000, "addresses: " + prague.addresses().size());
        assertTrue(prague.addresses().stream().allMatch(a -> !a.street().isBlank() && !a.housenumber().isBlank()));
        // Prague addresses are "conscription/street number"; both halves are kept for queries that use either.
        assertTrue(prague.addresses().stream().anyMatch(a -> a.conscription() != null
                && a.housenumber().equals(a.conscription() + "/" + a.streetNumber())));
    }

    @Test
    void addressesWithoutCityGetTheConfiguredNameAndANearbyPlace() {
        assertTrue(prague.addresses().stream().anyMatch(a -> a.city().equals("Praha")));
        assertTrue(prague.addresses().stream().filter(a -> a.place() != null).count()
                > prague.addresses().size() / 2);
        assertFalse(prague.places().isEmpty());
    }

    @Test
    void readsNamedStreetsWithTheirLength() {
        assertTrue(prague.streets().size() > 500, "streets: " + prague.streets().size());
        assertTrue(prague.streets().stream().allMatch(s -> s.lengthMetres() >= 0 && !s.name().isBlank()));
    }

    @Test
    void reportsProgressInPercentOfTheFile() {
        assertTrue(progress.stream().anyMatch(line -> line.contains("100 % of the file")), String.join("\n", progress));
    }

    @Test
    void aClosedOutlineGivesAPointInsideIt() {
        // An L-shaped building whose centroid lies outside it.
        double[] l = {0, 0, 0, 10, 1, 10, 1, 1, 10, 1, 10, 0, 0, 0};
        double[] p = OsmExtractReader.pointOn(l);
        assertTrue(p[0] >= 0 && p[0] <= 10 && p[1] >= 0 && p[1] <= 10);
        assertTrue(p[0] <= 1 || p[1] <= 1, "inside the L: " + p[0] + "," + p[1]);
        assertEquals(10, OsmExtractReader.halfway(1, "x", new double[]{0, 0, 0, 10, 0, 20}).lon(), 1e-9);
    }

    @Test
    void aPointAlongALineIsPlacedByLength() {
        // 0,0 → 0,10 → 10,10 (on the equator a degree of latitude and of longitude are the same length)
        double[] line = {0, 0, 0, 10, 10, 10};
        assertEquals(0, OsmExtractReader.along(line, 0)[1], 1e-9);
        assertEquals(5, OsmExtractReader.along(line, 0.25)[1], 1e-9);
        assertEquals(10, OsmExtractReader.along(line, 0.5)[1], 1e-9);
        assertEquals(5, OsmExtractReader.along(line, 0.75)[0], 1e-9);
        assertEquals(10, OsmExtractReader.along(line, 1)[0], 1e-9);
    }

    /**
     * Heidelberg's extract maps Hauptstraße in Neckarsteinach with an "odd" addr:interpolation way (29993776) through
     * numbered nodes 3 (8.8376564 E) and 15 (8.8365597 E) on Hauptstraße, then 29, which is tagged with another street.
     */
    @Test
    void theNumbersOfAnInterpolationWayArePlacedBetweenItsNumberedNodes() throws Exception {
        Path file = Path.of(System.getProperty("coop.osm.dir", "../../shared/osm"), "heidelberg.test.pbf");
        OsmExtract heidelberg = new OsmExtractReader("Heidelberg", (percent, line) -> { }).read(file);
        List<OsmExtract.Address> way = heidelberg.addresses().stream()
                .filter(a -> a.osmType() == 'I' && a.osmId() == 29993776L).toList();
        assertEquals(List.of("5", "7", "9", "11", "13"), way.stream().map(OsmExtract.Address::housenumber).toList());
        double lastLon = 8.8376564;
        for (OsmExtract.Address a : way) {
            assertEquals("Hauptstraße", a.street());
            assertEquals("Neckarsteinach", a.city());
            assertEquals("69239", a.postcode());
            assertTrue(a.lon() < lastLon && a.lon() > 8.8365597, a + " is not between 3 and 15, in order");
            lastLon = a.lon();
        }
        // the mapped numbers stay as mapped, once
        assertEquals(1, heidelberg.addresses().stream()
                .filter(a -> a.street().equals("Hauptstraße") && a.city().equals("Neckarsteinach")
                        && a.housenumber().equals("15")).count());
        assertTrue(heidelberg.addresses().stream().filter(a -> a.osmType() == 'I').count() > 250);
    }
}
