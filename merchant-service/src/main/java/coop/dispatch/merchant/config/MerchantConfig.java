package coop.dispatch.merchant.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What merchant-service needs beyond the shared defaults: routing, public links, quotes, webhooks. */
public final class MerchantConfig {
    private MerchantConfig() {
    }

    /** dispatch-service's routing API, used for quotes and prices; without it prices use straight-line distances. */
    @ConfigMapping(prefix = "coop.routing")
    public interface Routing {
        /** Base URL of dispatch-service, e.g. http://127.0.0.1:8082; absent = no routing. */
        Optional<URI> url();

        /** How long one routing request may take before creation falls back to the straight line. */
        @WithDefault("PT2S")
        Duration timeout();

        /** After a connection failure or timeout, routing is not tried again for this long (creates stay fast). */
        @WithDefault("PT10S")
        Duration pauseAfterFailure();

        /** How much longer a street route is than the straight line, on average. */
        @WithDefault("1.3")
        double detourFactor();

        /** Average cycling speed for straight-line duration estimates. */
        @WithDefault("15")
        double speedKmh();
    }

    /** Estimates shown to merchants and end customers. */
    @ConfigMapping(prefix = "coop.deliveries")
    public interface Deliveries {
        /** How long after a request a rider is typically at the pickup (merchant-service does not see riders). */
        @WithDefault("PT10M")
        Duration pickupLeadTime();

        /** How long Idempotency-Key values are remembered; a retry after that makes a new delivery. */
        @WithDefault("PT24H")
        Duration idempotencyKeyRetention();

        /** How often keys older than the retention are deleted. */
        @WithDefault("1h")
        String idempotencyKeyPurgeInterval();
    }

    /** Merchants' API clients. */
    @ConfigMapping(prefix = "coop.api-clients")
    public interface ApiClients {
        /**
         * How long a client's "not revoked" is trusted before it is read again. A revocation applies at once on the
         * instance that made it, and on the others within this time.
         */
        @WithDefault("PT5S")
        Duration checkCacheTtl();
    }

    /** Status notifications to merchants' endpoints. */
    @ConfigMapping(prefix = "coop.webhooks")
    public interface Webhooks {
        /** Longest wait for a merchant's endpoint to answer one notification. */
        @WithDefault("PT5S")
        Duration timeout();

        /** Tries per notification, the first included; after the last failure it is marked FAILED. */
        @WithDefault("8")
        int maxAttempts();

        /** Wait before the first retry; each further retry waits twice as long, up to maxBackoff. */
        @WithDefault("PT10S")
        Duration firstRetry();

        @WithDefault("PT1H")
        Duration maxBackoff();

        /** Notifications in flight at once, over all merchants: a slow endpoint holds at most its own share. */
        @WithDefault("64")
        int maxInFlight();

        @WithDefault("1s")
        String pollInterval();

        /**
         * Whether webhooks may point at loopback, private, link-local and other non-public addresses. Off in
         * production (server-side request forgery); on in the dev and test profiles, whose receivers run locally.
         */
        @WithDefault("false")
        boolean allowPrivateTargets();
    }

    /**
     * The cities this deployment serves. A merchant and a service zone each belong to one; its addresses are geocoded
     * from that city's OpenStreetMap extract and its time slots are read in its time zone.
     * <pre>coop.cities.prague.name=Praha / .aliases=Prague,Prag / .osm-file=... / .time-zone=Europe/Prague</pre>
     */
    @ConfigMapping(prefix = "coop.cities")
    public interface Cities {
        @WithParentName
        Map<String, City> byKey();

        interface City {
            /** The name addresses use, e.g. "Praha"; added to addresses of the extract that carry no addr:city. */
            String name();

            /** Other names people write for the city, e.g. "Prague". */
            Optional<List<String>> aliases();

            /** The OpenStreetMap extract whose addresses are imported for geocoding. */
            Optional<String> osmFile();

            @WithDefault("Europe/Berlin")
            ZoneId timeZone();
        }
    }
}
