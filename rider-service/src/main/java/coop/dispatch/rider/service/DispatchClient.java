package coop.dispatch.rider.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import coop.dispatch.contracts.events.Vehicle;
import coop.dispatch.rider.config.AppConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Asks dispatch-service, with the rider's own token, for the rider's place in the rotation
 * ({@code GET /api/v1/riders/{id}/queue}) and for street routes ({@code GET /api/v1/routes}), so that the app reads them
 * from its own origin. Anything but a JSON 200 within two seconds means "not
 * available": the app then simply does not show a queue position.
 */
@ApplicationScoped
public class DispatchClient {
    private static final Logger LOG = Logger.getLogger(DispatchClient.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final URI dispatch;
    private final ObjectMapper mapper;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public DispatchClient(AppConfig config, ObjectMapper mapper) {
        this.dispatch = config.dispatchUrl();
        this.mapper = mapper;
    }

    public Optional<JsonNode> positionOf(UUID riderId, String bearerToken) {
        return get(dispatch.resolve("/api/v1/riders/" + riderId + "/queue"), bearerToken, "Queue of rider " + riderId);
    }

    /**
     * The street route between two points for a vehicle ({@code GET /api/v1/routes}): distance, duration and a GeoJSON
     * line; empty when dispatch cannot route it (a point off the map, dispatch not reachable).
     */
    public Optional<JsonNode> route(double fromLat, double fromLon, double toLat, double toLon, Vehicle vehicle,
                                    String bearerToken) {
        URI uri = dispatch.resolve(String.format(Locale.ROOT, "/api/v1/routes?from=%.6f,%.6f&to=%.6f,%.6f&profile=%s",
                fromLat, fromLon, toLat, toLon, vehicle.routingProfile()));
        return get(uri, bearerToken, "Route");
    }

    private Optional<JsonNode> get(URI uri, String bearerToken, String what) {
        try {
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + bearerToken)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (reply.statusCode() != 200) {
                LOG.debugf("%s: dispatch answered %d", what, reply.statusCode());
                return Optional.empty();
            }
            JsonNode body = mapper.readTree(reply.body());
            return body != null && body.isObject() ? Optional.of(body) : Optional.empty();
        } catch (IOException e) {
            LOG.debugf("%s: dispatch not reachable (%s)", what, e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
