package coop.dispatch.merchant.geocoding;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** The self-hosted geocoder (addresses from the cities' OpenStreetMap extracts) and its optional external fallback. */
@ConfigMapping(prefix = "coop.geocoder")
public interface GeocoderConfig {
    /** Below this confidence (0..1) an address is refused with 422 and the closest candidates. */
    @WithDefault("0.5")
    double minConfidence();

    /** Whether the service imports, in the background at start, each configured extract not imported yet. */
    @WithDefault("true")
    boolean importAtStart();

    /**
     * A Nominatim- or Photon-compatible search URL (e.g. https://nominatim.example.org/search or
     * https://photon.example.org/api), asked only when the local answer is below the threshold. Absent = never: the
     * customers' addresses stay in the coop.
     */
    Optional<URI> externalUrl();

    @WithDefault("PT3S")
    Duration externalTimeout();

    /** The confidence given to an external answer (it cannot be compared with the local scale). */
    @WithDefault("0.6")
    double externalConfidence();
}
