package coop.dispatch.merchant.service;

import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.commons.problem.Problem;
import coop.dispatch.merchant.config.MerchantConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The cities this deployment serves (coop.cities.&lt;key&gt;), as merchants, zones and time slots name them. */
@ApplicationScoped
public class CityDirectory {
    private final MerchantConfig.Cities cities;
    private final String defaultCity;

    public CityDirectory(MerchantConfig.Cities cities, @ConfigProperty(name = "coop.default-city") String defaultCity) {
        this.cities = cities;
        this.defaultCity = defaultCity;
    }

    /**
     * The key of the configured city a request names by its key, its name or an alias (any case); the default city
     * when it names none; 422 with a violation on {@code field} for any other.
     */
    public String key(String field, String city) {
        if (city == null || city.isBlank()) {
            return defaultCity;
        }
        String wanted = city.strip().toLowerCase(Locale.ROOT);
        for (Map.Entry<String, MerchantConfig.Cities.City> e : cities.byKey().entrySet()) {
            MerchantConfig.Cities.City c = e.getValue();
            if (e.getKey().toLowerCase(Locale.ROOT).equals(wanted) || c.name().toLowerCase(Locale.ROOT).equals(wanted)
                    || c.aliases().orElse(List.of()).stream().anyMatch(a -> a.strip().toLowerCase(Locale.ROOT)
                    .equals(wanted))) {
                return e.getKey();
            }
        }
        String known = String.join(", ", new TreeSet<>(cities.byKey().keySet()));
        throw new ApiException(422, "Unknown city", field + ": '" + city + "' is not a city served here; cities: "
                + known, List.of(new Problem.Violation(field, "must be one of " + known)));
    }

    /** The display names of the configured cities, by key. */
    public Map<String, String> names() {
        Map<String, String> names = new TreeMap<>();
        cities.byKey().forEach((key, c) -> names.put(key, c.name()));
        return names;
    }

    /** The configured city's display name, e.g. "Praha". */
    public String name(String city) {
        MerchantConfig.Cities.City c = cities.byKey().get(city);
        return c == null ? city : c.name();
    }

    /** The time zone time slots and local times of this city are read in. */
    public ZoneId timeZone(String city) {
        MerchantConfig.Cities.City c = cities.byKey().get(city);
        return c == null ? ZoneId.of("Europe/Berlin") : c.timeZone();
    }
}
