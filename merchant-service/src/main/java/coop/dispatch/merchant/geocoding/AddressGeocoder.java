package coop.dispatch.merchant.geocoding;

import com.fasterxml.jackson.databind.ObjectMapper;
import coop.dispatch.commons.geo.Location;
import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.commons.problem.Problem;
import coop.dispatch.geocoder.AddressSearch;
import coop.dispatch.geocoder.Candidate;
import coop.dispatch.geocoder.GeocoderCity;
import coop.dispatch.geocoder.GeocoderStore;
import coop.dispatch.merchant.config.MerchantConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns free-text street addresses into positions, from the OpenStreetMap addresses of the configured cities (the
 * geocoder module's import and search over this service's database). At start, each configured extract that is not
 * imported yet (by its fingerprint) is imported in the background; readiness says how far ({@link GeocoderReadiness}).
 * An optional external geocoder ({@code coop.geocoder.external-url}) is asked only when the local answer is too weak.
 */
@ApplicationScoped
public class AddressGeocoder {
    private static final Logger LOG = Logger.getLogger(AddressGeocoder.class);
    private static final int CANDIDATES_IN_A_REFUSAL = 5;
    private static final int MAX_LIMIT = 20;

    /** Where a city's addresses stand. */
    public record CityState(String state, int percent, boolean searchable, String detail) {
    }

    private final GeocoderConfig config;
    private final GeocoderStore store;
    private final AddressSearch search;
    private final Map<String, GeocoderCity> cities;
    private final Map<String, CityState> states = new ConcurrentHashMap<>();
    private final ExternalGeocoder external;
    private volatile Thread importer;

    public AddressGeocoder(DataSource dataSource, MerchantConfig.Cities citiesConfig, GeocoderConfig config,
                           ObjectMapper json) {
        this.config = config;
        Map<String, GeocoderCity> byKey = new LinkedHashMap<>();
        citiesConfig.byKey().forEach((key, c) -> byKey.put(key, new GeocoderCity(key, c.name(),
                c.aliases().orElse(List.of()), c.osmFile().filter(f -> !f.isBlank()).map(Path::of).orElse(null))));
        this.cities = Map.copyOf(byKey);
        this.store = new GeocoderStore(dataSource);
        this.search = new AddressSearch(dataSource, byKey.values());
        this.external = config.externalUrl().map(u -> new ExternalGeocoder(u, config.externalTimeout(), json))
                .orElse(null);
    }

    void onStart(@Observes StartupEvent event) {
        Map<String, GeocoderStore.Fingerprint> imported;
        try {
            imported = store.imported();
        } catch (SQLException e) {
            LOG.errorf("geocoder: cannot read what was imported: %s", e.getMessage());
            imported = Map.of();
        }
        List<GeocoderCity> toImport = new ArrayList<>();
        for (GeocoderCity city : cities.values()) {
            boolean has = imported.containsKey(city.key());
            if (city.osmFile() == null) {
                states.put(city.key(), new CityState(has ? "ready" : "no extract configured", has ? 100 : 0, has,
                        has ? "imported from " + imported.get(city.key()).fileName() : "coop.cities." + city.key()
                                + ".osm-file is not set"));
            } else if (!config.importAtStart()) {
                states.put(city.key(), new CityState(has ? "ready" : "not imported", has ? 100 : 0, has,
                        has ? "imported from " + imported.get(city.key()).fileName()
                                : "run deploy/local/geocoder-import.sh"));
            } else {
                states.put(city.key(), new CityState(has ? "checking" : "waiting", 0, has, city.osmFile().toString()));
                toImport.add(city);
            }
        }
        if (!toImport.isEmpty()) {
            Thread t = new Thread(() -> importAll(toImport), "geocoder-import");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            importer = t;
            t.start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        Thread t = importer;
        if (t != null) {
            t.interrupt();
        }
    }

    private void importAll(List<GeocoderCity> toImport) {
        for (GeocoderCity city : toImport) {
            boolean had = states.get(city.key()).searchable();
            String verb = had ? "re-importing" : "importing";
            int[] logged = {-1};
            try {
                GeocoderStore.ImportResult result = store.importCity(city, false, (percent, message) -> {
                    states.put(city.key(), new CityState(verb, percent, had, message));
                    if (percent / 25 != logged[0] / 25 || percent == 100) {
                        logged[0] = percent;
                        LOG.infof("geocoder: %s %d %% %s", city.key(), percent, message);
                    }
                });
                search.forget(city.key());
                states.put(city.key(), new CityState("ready", 100, true, result.imported()
                        ? String.format("imported %,d addresses in %.1f s", result.addresses(), result.seconds())
                        : "already imported from " + city.osmFile().getFileName()));
            } catch (Exception e) {
                LOG.errorf(e, "geocoder: importing %s from %s failed", city.key(), city.osmFile());
                states.put(city.key(), new CityState("failed", 0, had, e.getMessage() == null ? e.toString()
                        : e.getMessage()));
            }
        }
        importer = null;
    }

    /** Per configured city: importing, ready, failed... */
    public Map<String, CityState> states() {
        return Map.copyOf(states);
    }

    /** Whether every city with an extract can be searched (imported before, or now). */
    public boolean ready() {
        return states.values().stream().allMatch(s -> s.searchable() || s.state().equals("failed")
                || s.state().equals("no extract configured") || s.state().equals("not imported"));
    }

    public double minConfidence() {
        return config.minConfidence();
    }

    /** Whether a city key is configured. */
    public boolean knows(String city) {
        return cities.containsKey(city);
    }

    /**
     * The best match for an address in a city, or an {@code ApiException} 422 whose detail names the address and
     * whose violations (on {@code field}) list the closest candidates. Never a 500 for an address it cannot find
     * (503 while the city's addresses are first being imported).
     *
     * @param city a configured city key; null searches every city
     */
    public GeocodedAddress resolve(String field, String address, String city) {
        if (address == null || address.isBlank()) {
            throw refusal(field, "No address given", List.of(new Problem.Violation(field, "an address is required")));
        }
        if (address.length() > AddressSearch.MAX_QUERY_LENGTH) {
            throw refusal(field, "The address is longer than " + AddressSearch.MAX_QUERY_LENGTH + " characters",
                    List.of(new Problem.Violation(field, "at most " + AddressSearch.MAX_QUERY_LENGTH
                            + " characters")));
        }
        List<Candidate> found = candidates(address, city, CANDIDATES_IN_A_REFUSAL);
        if (!found.isEmpty() && found.get(0).confidence() >= config.minConfidence()) {
            return view(found.get(0));
        }
        GeocodedAddress outside = external(address, city);
        if (outside != null) {
            return outside;
        }
        String where = city == null ? "" : " in " + cityName(city);
        List<Problem.Violation> violations = new ArrayList<>();
        for (Candidate c : found) {
            violations.add(new Problem.Violation(field, String.format("closest: %s (%s, confidence %.2f)", c.label(),
                    c.precision(), c.confidence())));
        }
        if (violations.isEmpty()) {
            violations.add(new Problem.Violation(field, "no street" + where + " resembles it"));
        }
        throw refusal(field, String.format("The address \"%s\" was not found%s well enough to deliver there%s",
                address.strip(), where, found.isEmpty() ? "" : String.format(" (best: %s, confidence %.2f, at least "
                        + "%.2f needed)", found.get(0).label(), found.get(0).confidence(), config.minConfidence())),
                violations);
    }

    /** Up to {@code limit} candidates, best first (autocomplete, {@code GET /api/v1/geocode}). */
    public List<GeocodedAddress> search(String query, String city, int limit) {
        if (query != null && query.length() > AddressSearch.MAX_QUERY_LENGTH) {
            throw ApiException.badRequest("q: at most " + AddressSearch.MAX_QUERY_LENGTH + " characters");
        }
        if (query == null || query.isBlank()) {
            return List.of();
        }
        return candidates(query, city, Math.max(1, Math.min(MAX_LIMIT, limit))).stream().map(this::view).toList();
    }

    private List<Candidate> candidates(String query, String city, int limit) {
        List<String> keys = city == null ? List.copyOf(cities.keySet()) : List.of(city);
        for (String key : keys) {
            CityState s = states.get(key);
            if (s != null && !s.searchable() && (s.state().equals("importing") || s.state().equals("waiting"))) {
                throw new ApiException(503, "Service unavailable", String.format("The addresses of %s are being "
                        + "imported (%d %%); try again in a minute", cityName(key), s.percent()));
            }
        }
        try {
            return search.search(query, keys, limit);
        } catch (SQLException e) {
            LOG.errorf("geocoder: search failed: %s", e.getMessage());
            throw new ApiException(503, "Service unavailable", "The geocoder's database is unavailable");
        }
    }

    private GeocodedAddress external(String address, String city) {
        if (external == null) {
            return null;
        }
        List<String> keys = city == null ? List.copyOf(cities.keySet()) : List.of(city);
        for (String key : keys) {
            double[] box;
            try {
                box = search.extent(key);
            } catch (SQLException e) {
                return null;
            }
            String query = address.toLowerCase().contains(cityName(key).toLowerCase()) ? address
                    : address + ", " + cityName(key);
            for (ExternalGeocoder.Hit hit : external.search(query, 3)) {
                boolean inside = box == null || hit.lat() >= box[0] && hit.lon() >= box[1] && hit.lat() <= box[2]
                        && hit.lon() <= box[3];
                if (inside) {
                    return new GeocodedAddress(hit.label(), new Location(hit.lat(), hit.lon()),
                            config.externalConfidence(), "external", null, null, null, cityName(key), key);
                }
            }
        }
        return null;
    }

    private GeocodedAddress view(Candidate c) {
        return new GeocodedAddress(c.label(), new Location(c.lat(), c.lon()), c.confidence(), c.precision(),
                c.street(), c.housenumber(), c.postcode(), c.cityName(), c.cityKey());
    }

    private String cityName(String key) {
        GeocoderCity c = cities.get(key);
        return c == null ? key : c.name();
    }

    private static ApiException refusal(String field, String detail, List<Problem.Violation> violations) {
        return new ApiException(422, "Address not found", detail, violations);
    }
}
