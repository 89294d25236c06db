package coop.dispatch.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The three packaged services as separate processes on the real PostgreSQL and Kafka started by deploy/local, on
 * their test databases (emptied once, at start) and with topics of this run only. Started once for every end-to-end
 * test class of the JVM that asks for it with {@code @ExtendWith(Platform.Shared.class)}, and stopped when JUnit is
 * done with all of them: two test classes never start two platforms on the same databases.
 */
final class Platform implements AutoCloseable {
    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String COORDINATOR = "coord-" + RUN;
    static final String COORDINATOR_PASSWORD = UUID.randomUUID().toString();
    /** Map tiles for the courier app, from a host that does not exist (".invalid" never resolves). */
    static final String TILES = "http://tiles.invalid";

    private static Platform started;

    final Path root;
    final ServiceProcess merchant;
    final ServiceProcess dispatch;
    final ServiceProcess rider;

    private Platform() {
        root = Path.of(System.getProperty("project.root", "../..")).toAbsolutePath().normalize();
        String prefix = "e2e-" + RUN + ".";
        Map<String, String> dispatchProperties = service("DISPATCH", prefix);
        // Real bike routing in two cities, Heidelberg and Prague; the graphs dispatch-service's own tests imported are
        // reused. merchant-service geocodes addresses from the same extracts.
        String heidelberg = root.resolve("../shared/osm/heidelberg.test.pbf").normalize().toString();
        String prague = root.resolve("../shared/osm/prague-small.osm.pbf").normalize().toString();
        dispatchProperties.put("coop.dispatch.routing.osm-file", heidelberg + "," + prague);
        // Deliveries booked for a time slot are offered this long before their pickup (20 minutes by default): these
        // tests book the next hourly slot and want the offer now.
        dispatchProperties.put("coop.dispatch.offer-lead", "PT2H");
        dispatchProperties.put("coop.dispatch.routing.graph-folder",
                root.resolve("dispatch-service/target/graphs").toString());
        dispatch = new ServiceProcess(root, "dispatch-service", dispatchProperties);
        Map<String, String> merchantProperties = service("MERCHANT", prefix);
        // Quotes and prices on the bike route, as in production (without it, quotes answer 503).
        merchantProperties.put("coop.routing.url", dispatch.baseUrl());
        merchantProperties.put("coop.cities.heidelberg.osm-file", heidelberg);
        merchantProperties.put("coop.cities.prague.osm-file", prague);
        // The shops' webhook receivers of these tests listen on this machine (refused in production).
        merchantProperties.put("coop.webhooks.allow-private-targets", "true");
        merchant = new ServiceProcess(root, "merchant-service", merchantProperties);
        Map<String, String> riderProperties = service("RIDER", prefix);
        riderProperties.put("coop.bootstrap.coordinator.username", COORDINATOR);
        riderProperties.put("coop.bootstrap.coordinator.password", COORDINATOR_PASSWORD);
        riderProperties.put("coop.app.dispatch-url", dispatch.baseUrl());
        // The closed test network reaches no tile server: the browser test draws the tiles of this made-up host.
        riderProperties.put("coop.app.tile-url", TILES + "/{z}/{x}/{y}.png");
        // The assembly votes for a week; here a proposal may ask for seconds (a setting for tests and demonstrations,
        // unset in production) and the closer looks every second, so an adopted policy reaches the others at once.
        riderProperties.put("coop.assembly.min-voting-period", "PT5S");
        riderProperties.put("coop.assembly.close-interval", "1s");
        rider = new ServiceProcess(root, "rider-service", riderProperties);
    }

    /** The platform the {@link Shared} extension started for this JVM. */
    static synchronized Platform get() {
        if (started == null) {
            throw new IllegalStateException("Annotate the test class with @ExtendWith(Platform.Shared.class)");
        }
        return started;
    }

    private static synchronized Platform startOnce() {
        if (started == null) {
            Platform platform = new Platform();
            try {
                Map<String, String> fresh = Map.of("quarkus.flyway.clean-at-start", "true",
                        "quarkus.flyway.clean-disabled", "false");
                platform.merchant.start(fresh);
                platform.dispatch.start(fresh);
                platform.rider.start(fresh);
            } catch (IOException | RuntimeException e) {
                platform.close();
                throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            }
            started = platform;
        }
        return started;
    }

    /**
     * A rider's place in dispatch-service's queue ({@code state}, {@code jobsThisShift}, {@code waitingSince}, the
     * rules version in force); a missing node until dispatch has heard of the rider on rider-status.
     */
    JsonNode dispatchQueue(String riderId, String token) {
        Api.Reply reply = Api.get(dispatch.baseUrl() + "/api/v1/riders/" + riderId + "/queue", token);
        return reply.status() == 404 ? Api.JSON.missingNode() : reply.expect(200).body();
    }

    @Override
    public synchronized void close() {
        for (ServiceProcess p : new ServiceProcess[]{merchant, dispatch, rider}) {
            p.stop();
        }
    }

    /** Each service on its own test database, with topics of this run only. */
    static Map<String, String> service(String env, String topicPrefix) {
        Map<String, String> p = new HashMap<>();
        p.put("quarkus.datasource.jdbc.url", testDbUrl(env));
        p.put("coop.kafka.topic-prefix", topicPrefix);
        p.put("quarkus.log.file.enabled", "false");
        return p;
    }

    static String testDbUrl(String env) {
        String url = System.getenv(env + "_DB_URL");
        if (url == null) {
            throw new IllegalStateException(env + "_DB_URL is not set: run the tests with deploy/local/test.sh");
        }
        return url + "_test";
    }

    /**
     * Starts the platform before the first test class that uses it; JUnit closes it (it is kept in the root store)
     * after the last one.
     */
    static final class Shared implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            context.getRoot().getStore(ExtensionContext.Namespace.create(Platform.class))
                    .computeIfAbsent(Platform.class, key -> startOnce(), Platform.class);
        }
    }
}
