package coop.dispatch.rider.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How long the positions riders send while online are kept (a rider's trail is personal data: not for ever). */
@ConfigMapping(prefix = "coop.locations")
public interface LocationConfig {
    /** Positions received longer ago than this are deleted by the purge. */
    @WithDefault("PT24H")
    Duration retention();

    /** How often the purge runs (read by the scheduler as {@code ${coop.locations.purge-interval}}). */
    @WithDefault("10m")
    String purgeInterval();
}
