package coop.dispatch.rider.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.ZoneId;

/** How earnings are counted: the calendar that "today" and "this week" (Monday to Sunday) follow, and the currency. */
@ConfigMapping(prefix = "coop.earnings")
public interface EarningsConfig {
    @WithDefault("Europe/Berlin")
    ZoneId zone();

    /** ISO 4217 code of the currency the pay is counted in (cents of it). */
    @WithDefault("EUR")
    String currency();
}
