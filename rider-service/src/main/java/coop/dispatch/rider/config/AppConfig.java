package coop.dispatch.rider.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** What the courier web app (served at /app/) needs to know, and where rider-service asks dispatch for the queue. */
@ConfigMapping(prefix = "coop.app")
public interface AppConfig {
    /**
     * Map tiles for the route view, as {@code https://host/{z}/{x}/{y}.png}. Absent: no map, only the link to the
     * phone's maps app. The app also hides the map when the tiles cannot be reached.
     */
    Optional<String> tileUrl();

    /** The attribution the tile provider requires, shown on the map. */
    @WithDefault("© OpenStreetMap contributors")
    String tileAttribution();

    /** How often the app sends the positions it collected while online. */
    @WithDefault("PT10S")
    Duration locationInterval();

    /** dispatch-service, asked for a rider's place in the rotation queue. */
    @WithDefault("http://127.0.0.1:8082")
    URI dispatchUrl();
}
