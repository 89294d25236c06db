package coop.dispatch.merchant.geocoding;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.merchant.config.MerchantConfig;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The optional external geocoder, configured to a local stub: asked only when the local answer is too weak, and its
 * answer taken only if it lies in the city.
 */
@QuarkusTest
class ExternalFallbackTest {
    @Inject
    DataSource dataSource;

    @Inject
    MerchantConfig.Cities cities;

    @Inject
    AddressGeocoder serviceGeocoder;

    private HttpServer stub;
    private final List<String> asked = new ArrayList<>();
    private volatile String answer = "[]";
    private AddressGeocoder geocoder;

    @BeforeEach
    void start() throws IOException {
        await().atMost(Duration.ofMinutes(3)).until(() -> serviceGeocoder.states().values().stream()
                .allMatch(s -> s.state().equals("ready")));
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/search", exchange -> {
            asked.add(exchange.getRequestURI().getRawQuery());
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        stub.start();
        URI url = URI.create("http://127.0.0.1:" + stub.getAddress().getPort() + "/search");
        geocoder = new AddressGeocoder(dataSource, cities, new GeocoderConfig() {
            @Override
            public double minConfidence() {
                return 0.5;
            }

            @Override
            public boolean importAtStart() {
                return false;
            }

            @Override
            public Optional<URI> externalUrl() {
                return Optional.of(url);
            }

            @Override
            public Duration externalTimeout() {
                return Duration.ofSeconds(2);
            }

            @Override
            public double externalConfidence() {
                return 0.6;
            }
        }, new ObjectMapper());
    }

    @AfterEach
    void stop() {
        stub.stop(0);
    }

    @Test
    void aWeakLocalAnswerIsCompletedByTheExternalOneInsideTheCity() {
        answer = "[{\"lat\": \"50.1225\", \"lon\": \"14.4560\", \"display_name\": \"Somewhere 1, Praha\"}]";
        GeocodedAddress found = geocoder.resolve("address", "Qwzxv Plkjh 7", "prague");
        assertEquals("external", found.precision());
        assertEquals(50.1225, found.location().lat(), 1e-9);
        assertEquals(0.6, found.confidence(), 1e-9);
        assertEquals(1, asked.size());
        assertTrue(asked.get(0).contains("Praha"), "the city is added to the query: " + asked.get(0));
    }

    @Test
    void anExternalAnswerOutsideTheCityIsNotTaken() {
        answer = "[{\"lat\": \"41.15\", \"lon\": \"-8.61\", \"display_name\": \"Porto\"}]";
        ApiException e = assertThrows(ApiException.class, () -> geocoder.resolve("address", "Qwzxv Plkjh 7",
                "prague"));
        assertEquals(422, e.status());
        assertEquals(1, asked.size());
    }

    @Test
    void aConfidentLocalAnswerNeverLeavesTheCoop() {
        GeocodedAddress found = geocoder.resolve("address", "Klapkova 10, Praha", "prague");
        assertEquals("address", found.precision());
        assertTrue(asked.isEmpty(), "asked the external geocoder: " + asked);
    }
}
