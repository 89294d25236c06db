package coop.dispatch.merchant.geocoding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Nominatim- or Photon-compatible geocoder, asked with {@code ?q=...&limit=...&format=jsonv2}. Nominatim answers
 * an array of {lat, lon, display_name} (as strings), Photon a GeoJSON FeatureCollection; both are read. Any failure
 * (time-out, error status, unreadable body) is an empty answer: the fallback never turns a 422 into a 500.
 */
final class ExternalGeocoder {
    private static final Logger LOG = Logger.getLogger(ExternalGeocoder.class);

    /** One answer: where, and the label the external service gave. */
    record Hit(String label, double lat, double lon) {
    }

    private final URI url;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json;

    ExternalGeocoder(URI url, Duration timeout, ObjectMapper json) {
        this.url = url;
        this.timeout = timeout;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    List<Hit> search(String query, int limit) {
        String separator = url.getQuery() == null ? "?" : "&";
        URI uri = URI.create(url + separator + "q=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&limit="
                + limit + "&format=jsonv2");
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Accept", "application/json").header("User-Agent", "CoopDispatch geocoder").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                LOG.warnf("external geocoder answered %d", response.statusCode());
                return List.of();
            }
            return read(json.readTree(response.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (Exception e) {
            LOG.warnf("external geocoder failed: %s", e.toString());
            return List.of();
        }
    }

    private static List<Hit> read(JsonNode body) {
        List<Hit> out = new ArrayList<>();
        if (body.isArray()) { // Nominatim
            for (JsonNode n : body) {
                if (n.hasNonNull("lat") && n.hasNonNull("lon")) {
                    out.add(new Hit(n.path("display_name").asText(""), n.get("lat").asDouble(),
                            n.get("lon").asDouble()));
                }
            }
        } else if (body.has("features")) { // Photon
            for (JsonNode f : body.get("features")) {
                JsonNode c = f.path("geometry").path("coordinates");
                if (c.isArray() && c.size() >= 2) {
                    JsonNode p = f.path("properties");
                    String label = String.join(" ", List.of(p.path("street").asText(p.path("name").asText("")),
                            p.path("housenumber").asText(""), p.path("postcode").asText(""),
                            p.path("city").asText(""))).replaceAll(" +", " ").strip();
                    out.add(new Hit(label, c.get(1).asDouble(), c.get(0).asDouble()));
                }
            }
        }
        return out;
    }
}
