package coop.dispatch.merchant.geocoding;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The optional external geocoder against a local stub speaking Nominatim's and Photon's formats. */
class ExternalGeocoderTest {
    private HttpServer server;
    private final List<String> asked = new ArrayList<>();
    private volatile String body;
    private volatile int status = 200;
    private volatile long delayMillis;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            asked.add(exchange.getRequestURI().toString());
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ExternalGeocoder geocoder(String path) {
        return new ExternalGeocoder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path),
                Duration.ofMillis(500), new ObjectMapper());
    }

    @Test
    void readsNominatimAnswersAndSendsTheQuery() {
        body = "[{\"lat\": \"50.0755\", \"lon\": \"14.4378\", \"display_name\": \"Vinohradská 12, Praha\"}]";
        List<ExternalGeocoder.Hit> hits = geocoder("/search").search("Vinohradská 12, Praha", 3);
        assertEquals(1, hits.size());
        assertEquals(50.0755, hits.get(0).lat(), 1e-9);
        assertEquals(14.4378, hits.get(0).lon(), 1e-9);
        assertEquals("Vinohradská 12, Praha", hits.get(0).label());
        assertTrue(asked.get(0).startsWith("/search?q=Vinohradsk%C3%A1+12%2C+Praha&limit=3"), asked.get(0));
    }

    @Test
    void readsPhotonAnswers() {
        body = """
                {"type": "FeatureCollection", "features": [{"type": "Feature",
                  "geometry": {"type": "Point", "coordinates": [8.6947, 49.4106]},
                  "properties": {"street": "Hauptstraße", "housenumber": "1", "postcode": "69117",
                                 "city": "Heidelberg"}}]}""";
        List<ExternalGeocoder.Hit> hits = geocoder("/api").search("Hauptstraße 1", 3);
        assertEquals(1, hits.size());
        assertEquals(49.4106, hits.get(0).lat(), 1e-9);
        assertEquals(8.6947, hits.get(0).lon(), 1e-9);
        assertEquals("Hauptstraße 1 69117 Heidelberg", hits.get(0).label());
    }

    @Test
    void failuresAreNoAnswerNeverAnError() {
        body = "not json";
        assertTrue(geocoder("/search").search("x", 3).isEmpty());
        body = "[]";
        status = 500;
        assertTrue(geocoder("/search").search("x", 3).isEmpty());
        status = 200;
        delayMillis = 1_500;
        assertTrue(geocoder("/search").search("x", 3).isEmpty());
    }
}
