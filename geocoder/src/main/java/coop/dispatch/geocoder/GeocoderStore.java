package coop.dispatch.geocoder;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Imports a city's extract into the geocoder tables: all of the city's rows are replaced in one transaction (readers
 * see the old rows until it commits), under an advisory lock so that the service's start-up import and the import
 * command never do the same work twice. The fingerprint (file name, size, modification time, city name, importer
 * version) in {@code geocoder_import} says whether an import is needed.
 */
public final class GeocoderStore {
    /** Raise when the tables' content changes meaning, so that every city is imported again. */
    /** 2: the numbers addr:interpolation ways stand for are imported (osm type {@link OsmExtract#INTERPOLATED}). */
    public static final int IMPORTER_VERSION = 2;
    private static final AddressText TEXT = AddressText.standard();

    private final DataSource dataSource;

    public GeocoderStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What an import did. */
    public record ImportResult(String cityKey, boolean imported, int addresses, int streets, int places,
                               int skipped, double seconds) {
    }

    /** The fingerprint of a city's extract as this importer would record it. */
    public record Fingerprint(String fileName, long size, FileTime modified, String cityName, int version) {
        static Fingerprint of(GeocoderCity city) throws IOException {
            Path file = city.osmFile();
            return new Fingerprint(file.getFileName().toString(), Files.size(file), Files.getLastModifiedTime(file),
                    city.name(), IMPORTER_VERSION);
        }
    }

    /** Whether the city's extract has been imported as it is now (same file, same importer). */
    public boolean upToDate(GeocoderCity city) throws IOException, SQLException {
        try (Connection c = dataSource.getConnection()) {
            return upToDate(c, city, Fingerprint.of(city));
        }
    }

    /** Imports the city's extract unless it is up to date (or {@code force}). */
    public ImportResult importCity(GeocoderCity city, boolean force, ImportProgress progress)
            throws IOException, SQLException {
        if (city.osmFile() == null) {
            throw new IllegalArgumentException("city " + city.key() + " has no OSM extract configured");
        }
        Fingerprint fingerprint = Fingerprint.of(city);
        if (!force && upToDate(city)) {
            progress.report(100, city.key() + ": " + city.osmFile().getFileName() + " is already imported");
            return new ImportResult(city.key(), false, 0, 0, 0, 0, 0);
        }
        long started = System.nanoTime();
        OsmExtract extract = new OsmExtractReader(city.name(), progress).read(city.osmFile());
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                    lock.setString(1, "geocoder-import:" + city.key());
                    lock.execute();
                }
                if (!force && upToDate(c, city, fingerprint)) {
                    c.rollback();
                    progress.report(100, city.key() + ": imported meanwhile by another process");
                    return new ImportResult(city.key(), false, 0, 0, 0, 0, 0);
                }
                write(c, city, extract, progress);
                double seconds = (System.nanoTime() - started) / 1e9;
                recordFingerprint(c, city, fingerprint, extract, seconds);
                c.commit();
                progress.report(100, String.format("%s: imported %,d addresses, %,d street ways, %,d places "
                                + "(%,d addressed objects without street or position left out) in %.1f s", city.key(),
                        extract.addresses().size(), extract.streets().size(), extract.places().size(),
                        extract.skipped(), seconds));
                return new ImportResult(city.key(), true, extract.addresses().size(), extract.streets().size(),
                        extract.places().size(), extract.skipped(), seconds);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /** When each city was imported and from what, by city key. */
    public Map<String, Fingerprint> imported() throws SQLException {
        Map<String, Fingerprint> out = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT city_key, file_name, file_size, file_modified, "
                     + "city_name, importer_version FROM geocoder_import");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getString(1), new Fingerprint(rs.getString(2), rs.getLong(3),
                        FileTime.from(rs.getTimestamp(4).toInstant()), rs.getString(5), rs.getInt(6)));
            }
        }
        return out;
    }

    private static boolean upToDate(Connection c, GeocoderCity city, Fingerprint now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT file_name, file_size, file_modified, city_name, "
                + "importer_version FROM geocoder_import WHERE city_key = ?")) {
            s.setString(1, city.key());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getString(1).equals(now.fileName()) && rs.getLong(2) == now.size()
                        && rs.getTimestamp(3).toInstant().toEpochMilli() == now.modified().toMillis()
                        && rs.getString(4).equals(now.cityName()) && rs.getInt(5) == now.version();
            }
        }
    }

    private static void write(Connection c, GeocoderCity city, OsmExtract extract, ImportProgress progress)
            throws SQLException, IOException {
        for (String table : List.of("geocoder_address", "geocoder_street", "geocoder_street_name", "geocoder_place")) {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + table + " WHERE city_key = ?")) {
                delete.setString(1, city.key());
                delete.executeUpdate();
            }
        }
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        int base = OsmExtractReader.READING_SHARE;
        Map<String, NameCount> names = new HashMap<>();
        StringBuilder rows = new StringBuilder(1 << 20);
        for (OsmExtract.Address a : extract.addresses()) {
            String streetNorm = TEXT.normalize(a.street());
            names.computeIfAbsent(streetNorm, k -> new NameCount(a.street())).addresses++;
            row(rows, city.key(), String.valueOf(a.osmType()), a.osmId(), a.street(), streetNorm, a.housenumber(),
                    AddressText.number(a.housenumber()), AddressText.number(a.conscription()),
                    AddressText.number(a.streetNumber()), leadingInteger(a.streetNumber()), a.postcode(),
                    AddressText.postcode(a.postcode()), a.city(), a.place(), point(a.lat(), a.lon()));
        }
        copy.copyIn("COPY geocoder_address (city_key, osm_type, osm_id, street, street_norm, housenumber, "
                + "number_norm, conscription, street_number, number_value, postcode, postcode_norm, city_name, place, "
                + "location) FROM STDIN", new StringReader(rows.toString()));
        progress.report(base + 7, String.format("%s: wrote %,d addresses", city.key(), extract.addresses().size()));
        rows.setLength(0);
        for (OsmExtract.Street s : extract.streets()) {
            String norm = TEXT.normalize(s.name());
            names.computeIfAbsent(norm, k -> new NameCount(s.name()));
            row(rows, city.key(), s.osmId(), s.name(), norm, s.lengthMetres(), point(s.lat(), s.lon()));
        }
        copy.copyIn("COPY geocoder_street (city_key, osm_id, name, name_norm, length_m, location) FROM STDIN",
                new StringReader(rows.toString()));
        rows.setLength(0);
        for (Map.Entry<String, NameCount> n : names.entrySet()) {
            if (!n.getKey().isEmpty()) {
                row(rows, city.key(), n.getKey(), n.getValue().name, n.getValue().addresses);
            }
        }
        copy.copyIn("COPY geocoder_street_name (city_key, name_norm, name, addresses) FROM STDIN",
                new StringReader(rows.toString()));
        rows.setLength(0);
        for (OsmExtract.Place p : extract.places()) {
            row(rows, city.key(), p.name(), TEXT.normalize(p.name()), p.kind(), point(p.lat(), p.lon()));
        }
        copy.copyIn("COPY geocoder_place (city_key, name, name_norm, kind, location) FROM STDIN",
                new StringReader(rows.toString()));
        progress.report(base + 12, String.format("%s: wrote %,d street ways, %,d street names, %,d places",
                city.key(), extract.streets().size(), names.size(), extract.places().size()));
        try (var s = c.createStatement()) {
            for (String table : List.of("geocoder_address", "geocoder_street", "geocoder_street_name",
                    "geocoder_place")) {
                s.execute("ANALYZE " + table);
            }
        }
    }

    private static void recordFingerprint(Connection c, GeocoderCity city, Fingerprint f, OsmExtract extract,
                                          double seconds) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO geocoder_import (city_key, file_name, file_size, file_modified, city_name, importer_version,
                                             imported_at, addresses, streets, places, seconds)
                VALUES (?, ?, ?, ?, ?, ?, now(), ?, ?, ?, ?)
                ON CONFLICT (city_key) DO UPDATE SET file_name = excluded.file_name, file_size = excluded.file_size,
                    file_modified = excluded.file_modified, city_name = excluded.city_name,
                    importer_version = excluded.importer_version, imported_at = excluded.imported_at,
                    addresses = excluded.addresses, streets = excluded.streets, places = excluded.places,
                    seconds = excluded.seconds""")) {
            s.setString(1, city.key());
            s.setString(2, f.fileName());
            s.setLong(3, f.size());
            s.setTimestamp(4, Timestamp.from(f.modified().toInstant()));
            s.setString(5, f.cityName());
            s.setInt(6, f.version());
            s.setInt(7, extract.addresses().size());
            s.setInt(8, extract.streets().size());
            s.setInt(9, extract.places().size());
            s.setDouble(10, seconds);
            s.executeUpdate();
        }
    }

    /** The first run of digits, e.g. 12 of "12a"; null if none (or too long to be a house number). */
    static Integer leadingInteger(String number) {
        if (number == null) {
            return null;
        }
        int start = 0;
        while (start < number.length() && !Character.isDigit(number.charAt(start))) {
            start++;
        }
        int end = start;
        while (end < number.length() && Character.isDigit(number.charAt(end))) {
            end++;
        }
        return end > start && end - start <= 6 ? Integer.valueOf(number.substring(start, end)) : null;
    }

    private static String point(double lat, double lon) {
        return "SRID=4326;POINT(" + lon + " " + lat + ")";
    }

    /** One line of COPY's text format. */
    private static void row(StringBuilder out, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append('\t');
            }
            Object v = values[i];
            if (v == null) {
                out.append("\\N");
                continue;
            }
            String s = v.toString();
            for (int j = 0; j < s.length(); j++) {
                char ch = s.charAt(j);
                switch (ch) {
                    case '\\' -> out.append("\\\\");
                    case '\t' -> out.append("\\t");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    default -> out.append(ch);
                }
            }
        }
        out.append('\n');
    }

    private static final class NameCount {
        final String name;
        int addresses;

        NameCount(String name) {
            this.name = name;
        }
    }

    /** The import's fingerprint for a city, if it was ever imported. */
    public Optional<Fingerprint> fingerprint(String cityKey) throws SQLException {
        return Optional.ofNullable(imported().get(cityKey));
    }
}
