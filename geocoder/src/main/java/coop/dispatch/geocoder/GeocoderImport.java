package coop.dispatch.geocoder;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The import command ({@code deploy/local/geocoder-import.sh}): imports OpenStreetMap extracts into the geocoder
 * tables of the merchant database, printing progress.
 * <pre>
 *   GeocoderImport [--force]                                      every city configured in merchant-service
 *   GeocoderImport [--force] &lt;city-key&gt; &lt;file.osm.pbf&gt; &lt;city name&gt; [aliases,comma-separated]
 * </pre>
 * The database comes from MERCHANT_DB_URL, MERCHANT_DB_USER and MERCHANT_DB_PASSWORD (as in .local/infra.env);
 * merchant-service's configuration from {@code -Dcoop.geocoder.service-properties=<its application.properties>} (the
 * configured cities, Flyway's placeholders). With {@code -Dcoop.geocoder.migrations=<Flyway locations>} the database
 * is first migrated as merchant-service would do it at start, so that the import can run before the service ever did.
 */
public final class GeocoderImport {
    private static final Pattern CITY_PROPERTY = Pattern.compile("coop\\.cities\\.([a-z0-9-]+)\\.(name|aliases|osm-file)");
    private static final String FLYWAY_PLACEHOLDER = "quarkus.flyway.placeholders.";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.]+)(?::([^}]*))?}");

    private GeocoderImport() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        boolean force = rest.remove("--force");
        List<GeocoderCity> cities = new ArrayList<>();
        String serviceProperties = System.getProperty("coop.geocoder.service-properties");
        Properties service = new Properties();
        if (serviceProperties != null) {
            try (Reader r = Files.newBufferedReader(Path.of(serviceProperties))) {
                service.load(r);
            }
        }
        if (rest.isEmpty()) {
            cities.addAll(configured(service));
            if (cities.isEmpty()) {
                System.out.println("[geocoder] no city of merchant-service has an OSM extract configured "
                        + "(coop.cities.<key>.osm-file, e.g. COOP_PRAGUE_OSM_FILE): nothing to import");
                return;
            }
        } else if (rest.size() == 3 || rest.size() == 4) {
            List<String> aliases = rest.size() == 4 ? Arrays.stream(rest.get(3).split(",")).map(String::strip)
                    .filter(a -> !a.isEmpty()).toList() : List.of();
            cities.add(new GeocoderCity(rest.get(0), rest.get(2), aliases, Path.of(rest.get(1))));
        } else {
            System.err.println("usage: GeocoderImport [--force]\n"
                    + "       GeocoderImport [--force] <city-key> <file.osm.pbf> <city name> [aliases,comma-separated]");
            System.exit(2);
        }
        String url = env("MERCHANT_DB_URL");
        String migrations = System.getProperty("coop.geocoder.migrations");
        if (migrations != null && !migrations.isBlank()) {
            migrate(url, migrations, service);
        }
        try (SingleConnectionDataSource db = new SingleConnectionDataSource(url, env("MERCHANT_DB_USER"),
                System.getenv("MERCHANT_DB_PASSWORD"))) {
            GeocoderStore store = new GeocoderStore(db);
            for (GeocoderCity city : cities) {
                System.out.printf("[geocoder] %s (%s): %s%n", city.key(), city.name(), city.osmFile());
                int[] shown = {-1};
                store.importCity(city, force, (percent, message) -> {
                    if (percent != shown[0] || percent == 100) {
                        shown[0] = percent;
                        System.out.printf("[geocoder] %3d %% %s%n", percent, message);
                    }
                });
            }
        }
    }

    /** Held so that the level set on it stays (java.util.logging keeps loggers weakly). */
    private static final java.util.logging.Logger FLYWAY_LOG = java.util.logging.Logger.getLogger("org.flywaydb");

    private static void migrate(String url, String locations, Properties service) {
        System.out.println("[geocoder] migrating the merchant database as merchant-service does at start");
        FLYWAY_LOG.setLevel(java.util.logging.Level.WARNING);
        Map<String, String> placeholders = new TreeMap<>();
        for (String name : service.stringPropertyNames()) {
            if (name.startsWith(FLYWAY_PLACEHOLDER)) {
                placeholders.put(name.substring(FLYWAY_PLACEHOLDER.length()), resolve(service.getProperty(name),
                        service, 0));
            }
        }
        org.flywaydb.core.Flyway.configure()
                .dataSource(url, env("MERCHANT_DB_USER"), System.getenv("MERCHANT_DB_PASSWORD"))
                .locations(locations.split(","))
                .placeholders(placeholders)
                .load()
                .migrate();
    }

    /** The cities of merchant-service's application.properties (default profile) whose OSM file is set. */
    static List<GeocoderCity> configured(Properties p) {
        Map<String, Map<String, String>> byKey = new TreeMap<>();
        for (String name : p.stringPropertyNames()) {
            Matcher m = CITY_PROPERTY.matcher(name);
            if (m.matches()) {
                byKey.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(m.group(2),
                        resolve(p.getProperty(name), p, 0));
            }
        }
        List<GeocoderCity> out = new ArrayList<>();
        byKey.forEach((key, values) -> {
            String file = values.getOrDefault("osm-file", "");
            if (!file.isBlank() && values.containsKey("name")) {
                String aliases = values.getOrDefault("aliases", "");
                out.add(new GeocoderCity(key, values.get("name"),
                        aliases.isBlank() ? List.of() : List.of(aliases.split("\\s*,\\s*")), Path.of(file)));
            }
        });
        return out;
    }

    /** ${NAME:default} as SmallRye Config resolves it: environment, system property, another property, default. */
    private static String resolve(String value, Properties p, int depth) {
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String found = System.getenv(m.group(1));
            if (found == null) {
                found = System.getProperty(m.group(1));
            }
            if (found == null && p.getProperty(m.group(1)) != null && depth < 5) {
                found = resolve(p.getProperty(m.group(1)), p, depth + 1);
            }
            if (found == null) {
                found = m.group(2) == null ? "" : m.group(2);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(found));
        }
        m.appendTail(out);
        return out.toString().strip();
    }

    private static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            System.err.println("[geocoder] " + name + " is not set (source .local/infra.env)");
            System.exit(2);
        }
        return value;
    }
}
