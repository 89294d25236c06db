package coop.dispatch.geocoder;

import com.carrotsearch.hppc.LongArrayList;
import com.carrotsearch.hppc.LongHashSet;
import com.carrotsearch.hppc.LongObjectHashMap;
import com.graphhopper.reader.ReaderElement;
import com.graphhopper.reader.ReaderNode;
import com.graphhopper.reader.ReaderRelation;
import com.graphhopper.reader.ReaderWay;
import com.graphhopper.reader.osm.SkipOptions;
import com.graphhopper.reader.osm.pbf.PbfReader;
import com.graphhopper.reader.osm.pbf.Sink;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads the addresses, named streets and places of an OpenStreetMap PBF extract with GraphHopper's PBF reader, in three
 * passes: the relations (to learn which ways outline an addressed multipolygon building), the ways (to learn which
 * nodes the addressed ways, the streets and those outlines need), then nodes and ways. Only the needed nodes' positions
 * are held, in sorted primitive arrays (≈16 bytes a node).
 */
public final class OsmExtractReader {
    private static final Set<String> PLACE_KINDS = Set.of("city", "town", "village", "hamlet", "borough", "suburb",
            "quarter", "neighbourhood");
    /** Places an address can be said to be in, smaller than the city itself. */
    private static final Set<String> NEAR_PLACE_KINDS = Set.of("village", "hamlet", "borough", "suburb", "quarter",
            "neighbourhood", "town");
    private static final Set<String> NOT_STREETS = Set.of("bus_stop", "platform", "proposed", "construction",
            "elevator", "raceway", "abandoned", "razed", "emergency_bay", "rest_area", "services");
    private static final GeometryFactory GEOMETRY = new GeometryFactory();

    static {
        // GraphHopper's OSM reader carries protobuf code generated before 3.22; it is only ever fed local files.
        if (System.getProperty("com.google.protobuf.use_unsafe_pre22_gencode") == null) {
            System.setProperty("com.google.protobuf.use_unsafe_pre22_gencode", "true");
        }
    }

    private final String defaultCity;
    /** Share of the whole import that reading takes (in percent); writing the tables is the rest. */
    static final int READING_SHARE = 85;
    private static final int RELATIONS_SHARE = 15;
    private static final int WAYS_SHARE = 40;

    private final ImportProgress progress;

    /**
     * @param defaultCity the city name given to addresses without addr:city
     * @param progress    receives a line now and then: phase, percent of the file, counts
     */
    public OsmExtractReader(String defaultCity, ImportProgress progress) {
        this.defaultCity = defaultCity;
        this.progress = progress;
    }

    public OsmExtract read(Path pbf) throws IOException {
        if (!Files.isRegularFile(pbf)) {
            throw new IOException("no such OSM extract: " + pbf);
        }
        long size = Files.size(pbf);
        Collected c = new Collected();
        pass(pbf, size, new SkipOptions(true, true, false), "relations", 0, RELATIONS_SHARE, c::relation);
        c.relationWays = new LongObjectHashMap<>(c.neededWays.size() * 2 + 4);
        // Only the nodes of the ways kept are held in memory: most nodes of an extract outline buildings without an
        // address or ways that are no street, and holding every node would make memory grow with the whole file.
        pass(pbf, size, new SkipOptions(true, false, true), "ways", RELATIONS_SHARE, WAYS_SHARE, element -> {
            if (element instanceof ReaderWay way) {
                c.wayNodes(way);
            }
        });
        pass(pbf, size, new SkipOptions(false, false, true), "nodes and ways", WAYS_SHARE, READING_SHARE,
                element -> {
            if (element instanceof ReaderNode node) {
                c.node(node);
            } else if (element instanceof ReaderWay way) {
                c.way(way);
            }
        });
        c.relationAddresses();
        c.interpolatedAddresses();
        List<OsmExtract.Address> addresses = withNearestPlaces(c.addresses, c.places);
        return new OsmExtract(List.copyOf(addresses), List.copyOf(c.streets), List.copyOf(c.places), c.skipped);
    }

    private void pass(Path pbf, long size, SkipOptions skip, String phase, int fromPercent, int toPercent,
                      Consumer<ReaderElement> handler) throws IOException {
        long started = System.nanoTime();
        int[] elements = {0};
        int[] lastPercent = {-1};
        try (CountingStream in = new CountingStream(new BufferedInputStream(Files.newInputStream(pbf), 1 << 16))) {
            Sink sink = new Sink() {
                @Override
                public void process(ReaderElement element) {
                    elements[0]++;
                    handler.accept(element);
                    int percent = (int) (100 * in.count / Math.max(1, size));
                    if (percent / 10 != lastPercent[0] / 10) {
                        lastPercent[0] = percent;
                        progress.report(fromPercent + (toPercent - fromPercent) * percent / 100,
                                String.format("reading %s: %d %% of the file, %,d elements, %.1f s", phase,
                                        percent, elements[0], (System.nanoTime() - started) / 1e9));
                    }
                }

                @Override
                public void complete() {
                }
            };
            PbfReader reader = new PbfReader(in, sink, Math.max(1, Math.min(2, Runtime.getRuntime()
                    .availableProcessors() - 1)), skip);
            reader.run();
            reader.close();
        }
        if (elements[0] == 0 && !skip.isSkipNodes()) {
            throw new IOException("no OSM data in " + pbf + " (an .osm.pbf file is expected)");
        }
        progress.report(toPercent, String.format("read %s: 100 %% of the file, %,d elements, %.1f s", phase,
                elements[0], (System.nanoTime() - started) / 1e9));
    }

    /** The longest run of numbers one addr:interpolation way may stand for (a longer one is a mapping error). */
    static final int MAX_INTERPOLATION_SPAN = 400;

    /** @param coords lat, lon of each node of the way in order (NaN where the extract lacks the node) */
    private record Interpolation(long wayId, int step, String street, long[] nodes, double[] coords) {
    }

    /** 2 for addr:interpolation=even or odd, 1 for all, 0 otherwise (alphabetic, or a number step: left out). */
    static int interpolationStep(ReaderWay way) {
        String kind = way.getTag("addr:interpolation");
        if (kind == null) {
            return 0;
        }
        return switch (kind) {
            case "even", "odd" -> 2;
            case "all" -> 1;
            default -> 0;
        };
    }

    /** The point at {@code fraction} of the line's length (lat0, lon0, lat1, lon1, ...; lengths on a local plane). */
    static double[] along(double[] coords, double fraction) {
        double scale = Math.cos(Math.toRadians(coords[0]));
        int points = coords.length / 2;
        double[] at = new double[points];
        for (int i = 1; i < points; i++) {
            double dLat = coords[2 * i] - coords[2 * i - 2];
            double dLon = (coords[2 * i + 1] - coords[2 * i - 1]) * scale;
            at[i] = at[i - 1] + Math.sqrt(dLat * dLat + dLon * dLon);
        }
        double target = Math.max(0, Math.min(1, fraction)) * at[points - 1];
        for (int i = 1; i < points; i++) {
            if (at[i] >= target) {
                double t = at[i] == at[i - 1] ? 0 : (target - at[i - 1]) / (at[i] - at[i - 1]);
                return new double[] {coords[2 * i - 2] + t * (coords[2 * i] - coords[2 * i - 2]),
                        coords[2 * i - 1] + t * (coords[2 * i + 1] - coords[2 * i - 1])};
            }
        }
        return new double[] {coords[coords.length - 2], coords[coords.length - 1]};
    }

    /** Everything gathered while reading. */
    private final class Collected {
        final List<OsmExtract.Address> addresses = new ArrayList<>();
        final List<OsmExtract.Street> streets = new ArrayList<>();
        final List<OsmExtract.Place> places = new ArrayList<>();
        final List<ReaderRelation> addressedRelations = new ArrayList<>();
        /** addr:interpolation ways: their end nodes and their line (lat0, lon0, lat1, lon1, ...). */
        final List<Interpolation> interpolations = new ArrayList<>();
        /** Numbered nodes among the nodes held: housenumber, street, postcode, city (the ends of interpolations). */
        final LongObjectHashMap<String[]> numberedNodes = new LongObjectHashMap<>();
        final LongHashSet neededWays = new LongHashSet();
        /** The nodes of the ways kept (addressed, streets, members of addressed relations): the only ones held. */
        final LongHashSet neededNodes = new LongHashSet();
        LongObjectHashMap<double[]> relationWays;
        int skipped;
        long[] nodeIds = new long[1 << 16];
        int[] nodeLat = new int[1 << 16];
        int[] nodeLon = new int[1 << 16];
        int nodeCount;
        boolean sorted = true;
        boolean nodesDone;

        void relation(ReaderElement element) {
            if (element instanceof ReaderRelation relation && hasAddress(relation)
                    && (relation.hasTag("type", "multipolygon") || relation.hasTag("type", "building"))) {
                addressedRelations.add(relation);
                for (ReaderRelation.Member m : relation.getMembers()) {
                    if (m.getType() == ReaderElement.Type.WAY && !"inner".equals(m.getRole())) {
                        neededWays.add(m.getRef());
                    }
                }
            }
        }

        void wayNodes(ReaderWay way) {
            if (keep(way)) {
                LongArrayList refs = way.getNodes();
                for (int i = 0; i < refs.size(); i++) {
                    neededNodes.add(refs.get(i));
                }
            }
        }

        private boolean keep(ReaderWay way) {
            return hasAddress(way) || isStreet(way) || neededWays.contains(way.getId()) || interpolationStep(way) > 0;
        }

        private static boolean isStreet(ReaderWay way) {
            String highway = way.getTag("highway");
            return highway != null && way.getTag("name") != null && !NOT_STREETS.contains(highway);
        }

        void node(ReaderNode node) {
            if (neededNodes.contains(node.getId())) {
                hold(node);
                if (node.getTag("addr:housenumber") != null) {
                    numberedNodes.put(node.getId(), new String[] {node.getTag("addr:housenumber"),
                            node.getTag("addr:street"), node.getTag("addr:postcode"), node.getTag("addr:city")});
                }
            }
            if (!node.hasTags()) {
                return;
            }
            if (hasAddress(node)) {
                address(node, 'N', node.getLat(), node.getLon());
            }
            String place = node.getTag("place");
            String name = node.getTag("name");
            if (place != null && name != null && PLACE_KINDS.contains(place)) {
                places.add(new OsmExtract.Place(name, place, node.getLat(), node.getLon()));
            }
        }

        private void hold(ReaderNode node) {
            if (nodeCount == nodeIds.length) {
                nodeIds = Arrays.copyOf(nodeIds, nodeCount * 2);
                nodeLat = Arrays.copyOf(nodeLat, nodeCount * 2);
                nodeLon = Arrays.copyOf(nodeLon, nodeCount * 2);
            }
            if (nodeCount > 0 && node.getId() <= nodeIds[nodeCount - 1]) {
                sorted = false;
            }
            nodeIds[nodeCount] = node.getId();
            nodeLat[nodeCount] = (int) Math.round(node.getLat() * 1e7);
            nodeLon[nodeCount] = (int) Math.round(node.getLon() * 1e7);
            nodeCount++;
        }

        void way(ReaderWay way) {
            if (!nodesDone) {
                nodesDone = true;
                sortNodes();
            }
            boolean addressed = hasAddress(way);
            String name = way.getTag("name");
            boolean street = isStreet(way);
            boolean member = neededWays.contains(way.getId());
            int step = interpolationStep(way);
            if (!addressed && !street && !member && step == 0) {
                return;
            }
            double[] positions = positions(way.getNodes());
            double[] coords = present(positions, 0, way.getNodes().size() - 1);
            if (step > 0) {
                interpolations.add(new Interpolation(way.getId(), step, way.getTag("addr:street"),
                        way.getNodes().toArray(), positions));
            }
            if (coords.length < 2) {
                if (addressed) {
                    skipped++;
                }
                return;
            }
            if (member) {
                relationWays.put(way.getId(), coords);
            }
            if (addressed) {
                double[] p = pointOn(coords);
                address(way, 'W', p[0], p[1]);
            }
            if (street) {
                streets.add(halfway(way.getId(), name, coords));
            }
        }

        void relationAddresses() {
            for (ReaderRelation relation : addressedRelations) {
                double[] largest = null;
                for (ReaderRelation.Member m : relation.getMembers()) {
                    double[] coords = m.getType() == ReaderElement.Type.WAY ? relationWays.get(m.getRef()) : null;
                    if (coords != null && (largest == null || coords.length > largest.length)) {
                        largest = coords;
                    }
                }
                if (largest == null) {
                    skipped++;
                    continue;
                }
                double[] p = pointOn(largest);
                address(relation, 'R', p[0], p[1]);
            }
        }

        /**
         * The house numbers an addr:interpolation way stands for, between each two consecutive numbered nodes along it
         * (on the same street): every second number for "even" and "odd", every number for "all", each placed along
         * that stretch of the way in proportion to its number. Numbers mapped on the street (in the same city) already are
         * left out. They are stored with osm type {@link OsmExtract#INTERPOLATED} and the way's id, and the search
         * reports them as interpolated.
         */
        void interpolatedAddresses() {
            if (interpolations.isEmpty()) {
                return;
            }
            Set<String> mapped = new java.util.HashSet<>();
            for (OsmExtract.Address a : addresses) {
                mapped.add(AddressText.fold(a.street()) + "\t" + AddressText.fold(a.city()) + "\t" + a.housenumber());
            }
            for (Interpolation line : interpolations) {
                // the numbered nodes along the way: each consecutive pair bounds one run of numbers
                int previous = -1;
                for (int i = 0; i < line.nodes().length; i++) {
                    if (numberedNodes.get(line.nodes()[i]) == null || Double.isNaN(line.coords()[2 * i])) {
                        continue;
                    }
                    if (previous >= 0) {
                        interpolate(line, previous, i, mapped);
                    }
                    previous = i;
                }
            }
        }

        /** The numbers between the numbered nodes {@code from} and {@code to} of an interpolation way. */
        private void interpolate(Interpolation line, int fromIndex, int toIndex, Set<String> mapped) {
            String[] from = numberedNodes.get(line.nodes()[fromIndex]);
            String[] to = numberedNodes.get(line.nodes()[toIndex]);
            if (!from[0].strip().matches("\\d{1,6}") || !to[0].strip().matches("\\d{1,6}")) {
                return;
            }
            String street = firstOf(from[1], to[1], line.street());
            if (street == null || from[1] != null && to[1] != null
                    && !AddressText.fold(from[1]).equals(AddressText.fold(to[1]))) {
                return;  // no street, or the two ends are on different streets
            }
            int a = Integer.parseInt(from[0].strip());
            int b = Integer.parseInt(to[0].strip());
            int span = Math.abs(b - a);
            if (span <= line.step() || span > MAX_INTERPOLATION_SPAN || span % line.step() != 0) {
                return;
            }
            double[] part = present(line.coords(), fromIndex, toIndex);
            String postcode = firstOf(from[2], to[2], null);
            String city = firstOf(from[3], to[3], defaultCity).strip();
            int direction = b > a ? line.step() : -line.step();
            for (int number = a + direction; number != b; number += direction) {
                String text = Integer.toString(number);
                if (!mapped.add(AddressText.fold(street) + "\t" + AddressText.fold(city) + "\t" + text)) {
                    continue;
                }
                double[] p = along(part, (double) (number - a) / (b - a));
                addresses.add(new OsmExtract.Address(OsmExtract.INTERPOLATED, line.wayId(), street.strip(), text, null, text,
                        postcode == null ? null : postcode.strip(), city, null, p[0], p[1]));
            }
        }

        private static String firstOf(String a, String b, String otherwise) {
            return a != null && !a.isBlank() ? a : b != null && !b.isBlank() ? b : otherwise;
        }

        private void address(ReaderElement e, char type, double lat, double lon) {
            String street = e.getTag("addr:street");
            if (street == null) {
                street = e.getTag("addr:place");
            }
            if (street == null || street.isBlank()) {
                skipped++;
                return;
            }
            String conscription = e.getTag("addr:conscriptionnumber");
            String streetNumber = e.getTag("addr:streetnumber");
            String housenumber = e.getTag("addr:housenumber");
            if (housenumber == null) {
                housenumber = conscription != null && streetNumber != null ? conscription + "/" + streetNumber
                        : conscription != null ? conscription : streetNumber;
            }
            String city = e.getTag("addr:city");
            String postcode = e.getTag("addr:postcode");
            // "12;14" or "12,14": one address per number, at the same point.
            for (String number : housenumber.split("[;,]")) {
                String n = number.strip();
                if (n.isEmpty()) {
                    continue;
                }
                String c = conscription;
                String s = streetNumber;
                int slash = n.indexOf('/');
                if (slash > 0 && c == null && s == null) {
                    c = n.substring(0, slash).strip();
                    s = n.substring(slash + 1).strip();
                }
                if (s == null) {
                    s = slash > 0 ? n.substring(slash + 1).strip() : n;
                }
                addresses.add(new OsmExtract.Address(type, e.getId(), street.strip(), n, c, s,
                        postcode == null ? null : postcode.strip(), city == null ? defaultCity : city.strip(), null,
                        lat, lon));
            }
        }

        private void sortNodes() {
            if (sorted) {
                return;
            }
            Integer[] order = new Integer[nodeCount];
            for (int i = 0; i < nodeCount; i++) {
                order[i] = i;
            }
            long[] ids = nodeIds;
            Arrays.sort(order, (a, b) -> Long.compare(ids[a], ids[b]));
            long[] i2 = new long[nodeCount];
            int[] la = new int[nodeCount];
            int[] lo = new int[nodeCount];
            for (int i = 0; i < nodeCount; i++) {
                i2[i] = nodeIds[order[i]];
                la[i] = nodeLat[order[i]];
                lo[i] = nodeLon[order[i]];
            }
            nodeIds = i2;
            nodeLat = la;
            nodeLon = lo;
        }

        /** lat0, lon0, lat1, lon1, ... of the way's nodes present in the extract. */
        private double[] coordinates(LongArrayList refs) {
            return present(positions(refs), 0, refs.size() - 1);
        }

        /** lat, lon of each of the way's nodes, in order: NaN for a node the extract lacks. */
        private double[] positions(LongArrayList refs) {
            double[] out = new double[refs.size() * 2];
            for (int i = 0; i < refs.size(); i++) {
                int at = Arrays.binarySearch(nodeIds, 0, nodeCount, refs.get(i));
                out[2 * i] = at >= 0 ? nodeLat[at] / 1e7 : Double.NaN;
                out[2 * i + 1] = at >= 0 ? nodeLon[at] / 1e7 : Double.NaN;
            }
            return out;
        }
    }

    /** lat0, lon0, lat1, lon1, ... of the nodes {@code from}..{@code to} (inclusive) of a way's positions (lat, lon
     *  per node, NaN where the extract lacks the node) that the extract has. */
    static double[] present(double[] positions, int from, int to) {
        double[] out = new double[Math.max(0, to - from + 1) * 2];
        int n = 0;
        for (int i = from; i <= to; i++) {
            if (!Double.isNaN(positions[2 * i])) {
                out[n++] = positions[2 * i];
                out[n++] = positions[2 * i + 1];
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static boolean hasAddress(ReaderElement e) {
        return e.hasTags() && (e.getTag("addr:housenumber") != null || e.getTag("addr:conscriptionnumber") != null
                || e.getTag("addr:streetnumber") != null);
    }

    /** A closed outline's centroid, or a point inside it where the centroid falls outside; an open way's middle. */
    static double[] pointOn(double[] coords) {
        int n = coords.length / 2;
        boolean closed = n >= 4 && coords[0] == coords[coords.length - 2] && coords[1] == coords[coords.length - 1];
        if (!closed) {
            OsmExtract.Street mid = halfway(0, "", coords);
            return new double[]{mid.lat(), mid.lon()};
        }
        Coordinate[] ring = new Coordinate[n];
        for (int i = 0; i < n; i++) {
            ring[i] = new Coordinate(coords[2 * i + 1], coords[2 * i]);
        }
        try {
            Polygon polygon = GEOMETRY.createPolygon(ring);
            Point centroid = polygon.getCentroid();
            Point p = polygon.isValid() && !polygon.contains(centroid) ? polygon.getInteriorPoint() : centroid;
            if (!p.isEmpty()) {
                return new double[]{p.getY(), p.getX()};
            }
        } catch (IllegalArgumentException e) {
            // a broken outline: fall back to the average of its nodes
        }
        double lat = 0;
        double lon = 0;
        for (int i = 0; i < n; i++) {
            lat += coords[2 * i];
            lon += coords[2 * i + 1];
        }
        return new double[]{lat / n, lon / n};
    }

    /** The point halfway along a line, and its length. */
    static OsmExtract.Street halfway(long id, String name, double[] coords) {
        int n = coords.length / 2;
        double[] cumulative = new double[n];
        for (int i = 1; i < n; i++) {
            cumulative[i] = cumulative[i - 1] + metres(coords[2 * i - 2], coords[2 * i - 1], coords[2 * i],
                    coords[2 * i + 1]);
        }
        double total = cumulative[n - 1];
        double half = total / 2;
        for (int i = 1; i < n; i++) {
            if (cumulative[i] >= half) {
                double seg = cumulative[i] - cumulative[i - 1];
                double f = seg == 0 ? 0 : (half - cumulative[i - 1]) / seg;
                double lat = coords[2 * i - 2] + f * (coords[2 * i] - coords[2 * i - 2]);
                double lon = coords[2 * i - 1] + f * (coords[2 * i + 1] - coords[2 * i - 1]);
                return new OsmExtract.Street(id, name, lat, lon, total);
            }
        }
        return new OsmExtract.Street(id, name, coords[0], coords[1], total);
    }

    /** Equirectangular distance, accurate to well under a metre at city scale. */
    public static double metres(double lat1, double lon1, double lat2, double lon2) {
        double x = Math.toRadians(lon2 - lon1) * Math.cos(Math.toRadians((lat1 + lat2) / 2));
        double y = Math.toRadians(lat2 - lat1);
        return Math.sqrt(x * x + y * y) * 6_371_000;
    }

    private static List<OsmExtract.Address> withNearestPlaces(List<OsmExtract.Address> addresses,
                                                              List<OsmExtract.Place> places) {
        List<OsmExtract.Place> near = places.stream().filter(p -> NEAR_PLACE_KINDS.contains(p.kind())).toList();
        if (near.isEmpty()) {
            return addresses;
        }
        List<OsmExtract.Address> out = new ArrayList<>(addresses.size());
        for (OsmExtract.Address a : addresses) {
            OsmExtract.Place best = null;
            double bestDistance = Double.MAX_VALUE;
            double cos = Math.cos(Math.toRadians(a.lat()));
            for (OsmExtract.Place p : near) {
                double dx = (p.lon() - a.lon()) * cos;
                double dy = p.lat() - a.lat();
                double d = dx * dx + dy * dy;
                if (d < bestDistance) {
                    bestDistance = d;
                    best = p;
                }
            }
            out.add(a.withPlace(best.name()));
        }
        return out;
    }

    /** Counts the bytes read, for "percent of the file". */
    private static final class CountingStream extends FilterInputStream {
        volatile long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
