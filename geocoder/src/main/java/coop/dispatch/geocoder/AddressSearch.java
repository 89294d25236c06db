package coop.dispatch.geocoder;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Searches the imported addresses for a free-text query. The query is taken apart ({@link ParsedQuery}); the street is
 * looked up by trigram similarity (pg_trgm, GIN index) over the city's distinct street names, and each close street is
 * then asked for the house number. Every answer carries a confidence in 0..1, the product of
 * <ul>
 *     <li>how alike the street names are (the best of trigram similarity, edit distance and word similarity),</li>
 *     <li>how the number was found (on the map; between its mapped neighbours; not at all: the street only),</li>
 *     <li>whether a postcode and a place given in the query agree with the address,</li>
 * </ul>
 * and an answer whose runner-up is as good but elsewhere (the same street and number in two districts) is marked down.
 * Thread-safe; one connection per search.
 */
public final class AddressSearch {
    /** Longer queries are refused: no address is this long, and trigram work grows with the text. */
    public static final int MAX_QUERY_LENGTH = 300;
    private static final int STREETS = 12;
    private static final int STREETS_ASKED_FOR_NUMBER = 6;
    private static final double STREET_ONLY = 0.45;
    private static final double AMBIGUITY = 0.8;
    /** How close to the best a rival elsewhere must be to make the best ambiguous. */
    private static final double RIVAL = 0.05;
    /** With no place in the query, an address of another town in the extract is a little less likely. */
    private static final double OTHER_TOWN = 0.97;
    private static final double SAME_PLACE_METRES = 60;

    private final DataSource dataSource;
    private final Map<String, GeocoderCity> cities;
    private final AddressText text = AddressText.standard();
    /** Each city's postcodes and place names, read again after a while (an import by another process). */
    private final Map<String, Cached> vocabularies = new ConcurrentHashMap<>();
    private static final long VOCABULARY_NANOS = 300_000_000_000L;

    private record Cached(ParsedQuery.Vocabulary vocabulary, long readAt) {
    }

    public AddressSearch(DataSource dataSource, Collection<GeocoderCity> cities) {
        this.dataSource = dataSource;
        Map<String, GeocoderCity> byKey = new LinkedHashMap<>();
        cities.forEach(c -> byKey.put(c.key(), c));
        this.cities = Map.copyOf(byKey);
    }

    /**
     * The box around a city's addresses, {south, west, north, east}, widened by about a kilometre; null if the city
     * has none. For answers from elsewhere (an external geocoder) to be checked against.
     */
    public double[] extent(String cityKey) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     SELECT ST_YMin(e), ST_XMin(e), ST_YMax(e), ST_XMax(e)
                       FROM (SELECT ST_Extent(location) AS e FROM geocoder_address WHERE city_key = ?) x
                      WHERE e IS NOT NULL""")) {
            s.setString(1, cityKey);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                double margin = 0.01;
                return new double[]{rs.getDouble(1) - margin, rs.getDouble(2) - margin, rs.getDouble(3) + margin,
                        rs.getDouble(4) + margin};
            }
        }
    }

    /** Drops what was cached of a city's data (after it was imported again). */
    public void forget(String cityKey) {
        vocabularies.remove(cityKey);
    }

    /**
     * Up to {@code limit} candidates, best first.
     *
     * @param cityKeys the configured cities to search; null = all
     * @throws IllegalArgumentException if the query is longer than {@link #MAX_QUERY_LENGTH}
     */
    public List<Candidate> search(String query, Collection<String> cityKeys, int limit) throws SQLException {
        if (query != null && query.length() > MAX_QUERY_LENGTH) {
            throw new IllegalArgumentException("an address of at most " + MAX_QUERY_LENGTH + " characters is expected");
        }
        if (query == null || query.isBlank() || limit <= 0) {
            return List.of();
        }
        List<String> keys = cityKeys == null ? List.copyOf(cities.keySet()) : List.copyOf(cityKeys);
        if (keys.isEmpty()) {
            return List.of();
        }
        try (Connection c = dataSource.getConnection()) {
            ParsedQuery q = ParsedQuery.parse(query, text, vocabulary(c, keys));
            if (!q.hasStreet()) {
                return List.of();
            }
            Array cityArray = c.createArrayOf("text", keys.toArray());
            List<StreetMatch> streets = streets(c, cityArray, q.street());
            if (streets.isEmpty()) {
                return List.of();
            }
            List<Candidate> found = new ArrayList<>();
            double best = streets.get(0).score;
            List<StreetMatch> asked = streets.stream().filter(s -> s.score >= best * 0.6)
                    .limit(STREETS_ASKED_FOR_NUMBER).toList();
            if (q.number() != null) {
                found.addAll(numbered(c, cityArray, asked, q));
                if (found.stream().noneMatch(f -> f.street().equals(asked.get(0).name))) {
                    Candidate between = interpolated(c, asked.get(0), q);
                    if (between != null) {
                        found.add(between);
                    }
                }
            }
            found.addAll(streetsOnly(c, cityArray, asked, q));
            return ranked(found, limit);
        }
    }

    private record StreetMatch(String cityKey, String norm, String name, double score) {
    }

    private List<StreetMatch> streets(Connection c, Array cities, String street) throws SQLException {
        List<StreetMatch> out = new ArrayList<>();
        // Whole-name trigram similarity first; word similarity (the query is part of a longer name, as while typing)
        // only when that finds little, as it costs as much again.
        streetQuery(c, """
                SELECT city_key, name_norm, name, similarity(name_norm, ?), word_similarity(?, name_norm)
                  FROM geocoder_street_name
                 WHERE city_key = ANY (?) AND name_norm % ?
                 ORDER BY similarity(name_norm, ?) DESC, addresses DESC LIMIT ?""", cities, street, out);
        if (out.size() < 3 || out.stream().mapToDouble(StreetMatch::score).max().orElse(0) < 0.6) {
            streetQuery(c, """
                    SELECT city_key, name_norm, name, similarity(name_norm, ?), word_similarity(?, name_norm)
                      FROM geocoder_street_name
                     WHERE city_key = ANY (?) AND ? <% name_norm
                     ORDER BY word_similarity(?, name_norm) DESC, addresses DESC LIMIT ?""", cities, street, out);
        }
        if (out.stream().mapToDouble(StreetMatch::score).max().orElse(0) < 0.6) {
            // Nothing similar enough for the index: the nearest names anyway (GiST orders by trigram distance), for a
            // typo in a short name (edit similarity decides among them) and so that a refusal can still name the
            // closest streets.
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT city_key, name_norm, name, similarity(name_norm, ?), word_similarity(?, name_norm)
                      FROM geocoder_street_name WHERE city_key = ANY (?) ORDER BY name_norm <-> ? LIMIT 8""")) {
                s.setString(1, street);
                s.setString(2, street);
                s.setArray(3, cities);
                s.setString(4, street);
                read(s, street, out);
            }
        }
        Map<String, StreetMatch> distinct = new LinkedHashMap<>();
        out.forEach(m -> distinct.putIfAbsent(m.cityKey + "\t" + m.norm, m));
        List<StreetMatch> sorted = new ArrayList<>(distinct.values());
        sorted.sort(Comparator.comparingDouble(StreetMatch::score).reversed());
        return sorted;
    }

    private static void streetQuery(Connection c, String sql, Array cities, String street, List<StreetMatch> out)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, street);
            s.setString(2, street);
            s.setArray(3, cities);
            s.setString(4, street);
            s.setString(5, street);
            s.setInt(6, STREETS);
            read(s, street, out);
        }
    }

    private static void read(PreparedStatement s, String street, List<StreetMatch> out) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                String norm = rs.getString(2);
                double score = Math.max(Math.max(rs.getDouble(4), 0.9 * rs.getDouble(5)), editSimilarity(street, norm));
                out.add(new StreetMatch(rs.getString(1), norm, rs.getString(3), score));
            }
        }
    }

    private List<Candidate> numbered(Connection c, Array cities, List<StreetMatch> streets, ParsedQuery q)
            throws SQLException {
        String number = q.number();
        int slash = number.indexOf('/');
        String conscriptionPart = slash > 0 ? number.substring(0, slash) : number;
        String streetPart = slash > 0 ? number.substring(slash + 1) : number;
        Map<String, StreetMatch> byKey = new LinkedHashMap<>();
        streets.forEach(s -> byKey.put(s.cityKey + "\t" + s.norm, s));
        List<Candidate> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("""
                SELECT city_key, street_norm, street, housenumber, number_norm, conscription, street_number, postcode,
                       postcode_norm, city_name, place, ST_Y(location), ST_X(location), osm_type
                  FROM geocoder_address
                 WHERE city_key = ANY (?) AND street_norm = ANY (?)
                   AND (number_norm = ? OR street_number = ? OR conscription = ?)""")) {
            s.setArray(1, cities);
            s.setArray(2, c.createArrayOf("text", streets.stream().map(StreetMatch::norm).distinct().toArray()));
            s.setString(3, number);
            s.setString(4, streetPart);
            s.setString(5, conscriptionPart);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    StreetMatch street = byKey.get(rs.getString(1) + "\t" + rs.getString(2));
                    if (street == null) {
                        continue;
                    }
                    double numberFactor = numberFactor(number, slash > 0, rs.getString(5), rs.getString(6),
                            rs.getString(7), streetPart, conscriptionPart);
                    // a number an addr:interpolation way stands for: where the map says, but not a mapped house
                    boolean interpolated = rs.getString(14).charAt(0) == OsmExtract.INTERPOLATED;
                    double confidence = streetTerm(street.score) * numberFactor * (interpolated ? 0.9 : 1)
                            * postcodeFactor(q, rs.getString(9))
                            * placeFactor(q, rs.getString(1), rs.getString(10), rs.getString(11));
                    out.add(new Candidate(Candidate.label(rs.getString(3), rs.getString(4), rs.getString(8),
                            rs.getString(10)), rs.getDouble(12), rs.getDouble(13), confidence,
                            interpolated ? Candidate.INTERPOLATED : Candidate.ADDRESS,
                            rs.getString(3), rs.getString(4), rs.getString(8), rs.getString(10), rs.getString(1)));
                }
            }
        }
        return out;
    }

    /** How well a mapped number answers the one asked: "12" is street number 12 of "1511/12" as well. */
    private static double numberFactor(String asked, boolean askedBoth, String mapped, String conscription,
                                       String streetNumber, String streetPart, String conscriptionPart) {
        if (asked.equals(mapped)) {
            return 1.0;
        }
        if (!askedBoth) {
            return asked.equals(streetNumber) ? 1.0 : 0.9; // else it is the conscription number
        }
        return streetPart.equals(streetNumber) || conscriptionPart.equals(conscription) ? 0.85 : 0.5;
    }

    /** A number that is not mapped: between the nearest mapped numbers on the same side of the street. */
    private Candidate interpolated(Connection c, StreetMatch street, ParsedQuery q) throws SQLException {
        String number = q.number();
        int slash = number.indexOf('/');
        Integer wanted = GeocoderStore.leadingInteger(slash > 0 ? number.substring(slash + 1) : number);
        if (wanted == null) {
            return null;
        }
        List<double[]> rows = new ArrayList<>(); // number, lat, lon
        String postcode = null;
        String cityName = null;
        try (PreparedStatement s = c.prepareStatement("""
                SELECT number_value, ST_Y(location), ST_X(location), postcode, city_name
                  FROM geocoder_address
                 WHERE city_key = ? AND street_norm = ? AND number_value IS NOT NULL
                 ORDER BY abs(number_value - ?) LIMIT 40""")) {
            s.setString(1, street.cityKey);
            s.setString(2, street.norm);
            s.setInt(3, wanted);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new double[]{rs.getInt(1), rs.getDouble(2), rs.getDouble(3)});
                    if (postcode == null) {
                        postcode = rs.getString(4);
                        cityName = rs.getString(5);
                    }
                }
            }
        }
        double[] lower = null;
        double[] higher = null;
        double[] same = null;
        for (double[] r : rows) {
            int n = (int) r[0];
            if (n == wanted && same == null) {
                same = r;
            } else if ((n - wanted) % 2 == 0 && n < wanted && (lower == null || n > lower[0])) {
                lower = r;
            } else if ((n - wanted) % 2 == 0 && n > wanted && (higher == null || n < higher[0])) {
                higher = r;
            }
        }
        double lat;
        double lon;
        double factor;
        if (same != null) { // "12b" asked, "12" mapped
            lat = same[1];
            lon = same[2];
            factor = 0.8;
        } else if (lower != null && higher != null) {
            double t = (wanted - lower[0]) / (higher[0] - lower[0]);
            lat = lower[1] + t * (higher[1] - lower[1]);
            lon = lower[2] + t * (higher[2] - lower[2]);
            factor = higher[0] - lower[0] <= 12 ? 0.75 : 0.62;
        } else {
            double[] nearest = lower != null ? lower : higher;
            if (nearest == null || Math.abs(nearest[0] - wanted) > 6) {
                return null;
            }
            lat = nearest[1];
            lon = nearest[2];
            factor = 0.6;
        }
        double confidence = streetTerm(street.score) * factor * postcodeFactor(q, AddressText.postcode(postcode))
                * placeFactor(q, street.cityKey, cityName, null);
        return new Candidate(Candidate.label(street.name, number, postcode, cityName), lat, lon, confidence,
                Candidate.INTERPOLATED, street.name, number, postcode, cityName, street.cityKey);
    }

    /** The middle of each street (of its longest way; of its addresses for an addr:place without a way). */
    private List<Candidate> streetsOnly(Connection c, Array cities, List<StreetMatch> streets, ParsedQuery q)
            throws SQLException {
        Map<String, double[]> where = new LinkedHashMap<>();
        Map<String, String> cityNames = new LinkedHashMap<>();
        Array names = c.createArrayOf("text", streets.stream().map(StreetMatch::norm).distinct().toArray());
        try (PreparedStatement s = c.prepareStatement("""
                SELECT DISTINCT ON (city_key, name_norm) city_key, name_norm, ST_Y(location), ST_X(location)
                  FROM geocoder_street WHERE city_key = ANY (?) AND name_norm = ANY (?)
                 ORDER BY city_key, name_norm, length_m DESC""")) {
            s.setArray(1, cities);
            s.setArray(2, names);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    where.put(rs.getString(1) + "\t" + rs.getString(2), new double[]{rs.getDouble(3), rs.getDouble(4)});
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("""
                SELECT city_key, street_norm, avg(ST_Y(location)), avg(ST_X(location)), min(city_name)
                  FROM geocoder_address WHERE city_key = ANY (?) AND street_norm = ANY (?)
                 GROUP BY city_key, street_norm""")) {
            s.setArray(1, cities);
            s.setArray(2, names);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1) + "\t" + rs.getString(2);
                    where.putIfAbsent(key, new double[]{rs.getDouble(3), rs.getDouble(4)});
                    cityNames.put(key, rs.getString(5));
                }
            }
        }
        List<Candidate> out = new ArrayList<>();
        for (StreetMatch street : streets) {
            String key = street.cityKey + "\t" + street.norm;
            double[] p = where.get(key);
            if (p == null) {
                continue;
            }
            String cityName = cityNames.getOrDefault(key, cityName(street.cityKey));
            double confidence = streetTerm(street.score) * STREET_ONLY
                    * placeFactor(q, street.cityKey, cityName, null);
            out.add(new Candidate(Candidate.label(street.name, null, null, cityName), p[0], p[1], confidence,
                    Candidate.STREET, street.name, null, null, cityName, street.cityKey));
        }
        return out;
    }

    /** Best first; one answer per place; a best answer that has an equally good rival elsewhere is marked down. */
    private static List<Candidate> ranked(List<Candidate> found, int limit) {
        found.sort(Comparator.comparingDouble(Candidate::confidence).reversed()
                .thenComparing(Candidate::precision).thenComparing(Candidate::label));
        List<Candidate> out = new ArrayList<>();
        for (Candidate f : found) {
            boolean duplicate = out.stream().anyMatch(o -> o.precision().equals(f.precision())
                    && (o.label().equals(f.label()) && metres(o, f) < 500 || metres(o, f) < SAME_PLACE_METRES
                    && o.street().equals(f.street()) && java.util.Objects.equals(o.housenumber(), f.housenumber())));
            if (!duplicate) {
                out.add(f);
            }
        }
        // Rivals as good as the best but elsewhere (the same street and number in two districts): all marked down.
        Candidate first = out.isEmpty() ? null : out.get(0);
        List<Integer> rivals = new ArrayList<>();
        for (int i = 1; first != null && !Candidate.STREET.equals(first.precision()) && i < out.size(); i++) {
            Candidate other = out.get(i);
            if (!Candidate.STREET.equals(other.precision()) && first.confidence() - other.confidence() < RIVAL
                    && metres(first, other) > 150) {
                rivals.add(i);
            }
        }
        if (!rivals.isEmpty()) {
            rivals.add(0);
            rivals.forEach(i -> out.set(i, withConfidence(out.get(i), out.get(i).confidence() * AMBIGUITY)));
        }
        List<Candidate> rounded = new ArrayList<>();
        for (Candidate c : out.subList(0, Math.min(limit, out.size()))) {
            rounded.add(withConfidence(c, Math.round(c.confidence() * 1000) / 1000.0));
        }
        rounded.sort(Comparator.comparingDouble(Candidate::confidence).reversed());
        return rounded;
    }

    private static Candidate withConfidence(Candidate c, double confidence) {
        return new Candidate(c.label(), c.lat(), c.lon(), confidence, c.precision(), c.street(), c.housenumber(),
                c.postcode(), c.cityName(), c.cityKey());
    }

    private static double metres(Candidate a, Candidate b) {
        return OsmExtractReader.metres(a.lat(), a.lon(), b.lat(), b.lon());
    }

    /** Street similarity → confidence: an exact name gives 1, one typo in a ten-letter name about 0.93. */
    private static double streetTerm(double score) {
        return Math.pow(Math.max(0, Math.min(1, score)), 0.7);
    }

    private static double postcodeFactor(ParsedQuery q, String postcodeNorm) {
        if (q.postcode() == null) {
            return 1.0;
        }
        if (postcodeNorm == null) {
            return 0.97;
        }
        if (postcodeNorm.equals(q.postcode())) {
            return 1.0;
        }
        return postcodeNorm.startsWith(q.postcode()) || q.postcode().startsWith(postcodeNorm) ? 0.97 : 0.75;
    }

    /** A place named in the query that is this address's city, alias or district agrees; another one does not. */
    private double placeFactor(ParsedQuery q, String cityKey, String cityName, String place) {
        if (q.places().isEmpty()) {
            GeocoderCity city = cities.get(cityKey);
            return city == null || cityName == null || text.normalize(cityName).equals(text.normalize(city.name()))
                    ? 1.0 : OTHER_TOWN;
        }
        Set<String> names = new HashSet<>();
        GeocoderCity city = cities.get(cityKey);
        String addressCity = cityName == null ? null : text.normalize(cityName);
        // The configured city's other names count for its own addresses, not for a neighbour town in the extract.
        if (city != null && (addressCity == null || addressCity.equals(text.normalize(city.name())))) {
            names.add(text.normalize(city.name()));
            city.aliases().forEach(a -> names.add(text.normalize(a)));
        }
        if (addressCity != null) {
            names.add(addressCity);
        }
        if (place != null) {
            names.add(text.normalize(place));
        }
        for (String p : q.places()) {
            if (names.contains(p)) {
                return 1.0;
            }
        }
        return 0.9;
    }

    private String cityName(String cityKey) {
        GeocoderCity city = cities.get(cityKey);
        return city == null ? null : city.name();
    }

    private ParsedQuery.Vocabulary vocabulary(Connection c, List<String> keys) throws SQLException {
        if (keys.size() == 1) {
            return vocabulary(c, keys.get(0));
        }
        Set<String> postcodes = new HashSet<>();
        Set<String> places = new HashSet<>();
        for (String key : keys) {
            ParsedQuery.Vocabulary v = vocabulary(c, key);
            postcodes.addAll(v.postcodes());
            places.addAll(v.places());
        }
        return new ParsedQuery.Vocabulary(postcodes, places);
    }

    private ParsedQuery.Vocabulary vocabulary(Connection c, String key) throws SQLException {
        Cached cached = vocabularies.get(key);
        if (cached != null && System.nanoTime() - cached.readAt() < VOCABULARY_NANOS) {
            return cached.vocabulary();
        }
        Set<String> postcodes = new HashSet<>();
        Set<String> places = new HashSet<>();
        GeocoderCity city = cities.get(key);
        if (city != null) {
            places.add(text.normalize(city.name()));
            city.aliases().forEach(a -> places.add(text.normalize(a)));
        }
        try (PreparedStatement s = c.prepareStatement("""
                SELECT DISTINCT postcode_norm, NULL FROM geocoder_address WHERE city_key = ? AND postcode_norm IS NOT NULL
                UNION ALL SELECT DISTINCT NULL, city_name FROM geocoder_address WHERE city_key = ?
                UNION ALL SELECT DISTINCT NULL, name FROM geocoder_place WHERE city_key = ?""")) {
            s.setString(1, key);
            s.setString(2, key);
            s.setString(3, key);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1) != null) {
                        postcodes.add(rs.getString(1));
                    } else if (rs.getString(2) != null) {
                        places.add(text.normalize(rs.getString(2)));
                    }
                }
            }
        }
        places.remove("");
        ParsedQuery.Vocabulary v = new ParsedQuery.Vocabulary(Set.copyOf(postcodes), Set.copyOf(places));
        vocabularies.put(key, new Cached(v, System.nanoTime()));
        return v;
    }

    /** 1 − edit distance / length of the longer: forgiving of one typo in a short name, unlike trigrams. */
    static double editSimilarity(String a, String b) {
        int longer = Math.max(a.length(), b.length());
        if (a.isEmpty() || b.isEmpty() || Math.abs(a.length() - b.length()) > longer / 2) {
            return 0;
        }
        return 1.0 - (double) AddressText.editDistance(a, b) / longer;
    }
}
