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
}
