package coop.dispatch.geocoder;

import java.nio.file.Path;
import java.util.List;

/**
 * A city the geocoder serves.
 *
 * @param key     the configuration key, e.g. "prague"
 * @param name    the name its addresses use, e.g. "Praha" (given to addresses without addr:city)
 * @param aliases other names people write, e.g. "Prague", "Prag"
 * @param osmFile its OpenStreetMap extract (.osm.pbf), or null if none is configured
 */
public record GeocoderCity(String key, String name, List<String> aliases, Path osmFile) {
    public GeocoderCity {
        if (key == null || key.isBlank() || name == null || name.isBlank()) {
            throw new IllegalArgumentException("a city needs a key and a name");
        }
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }
}
