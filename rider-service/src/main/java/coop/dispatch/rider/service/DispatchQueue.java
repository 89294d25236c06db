package coop.dispatch.rider.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import coop.dispatch.rider.config.AppConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Asks dispatch-service for a rider's place in the rotation ({@code GET /api/v1/riders/{id}/queue}, with the rider's
 * own token), so that the app reads it from its own origin. Anything but a JSON 200 within two seconds means "not
 * available": the app then simply does not show a queue position.
 */
@ApplicationScoped
public class DispatchQueue {
    private static final Logger LOG = Logger.getLogger(DispatchQueue.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final URI dispatch;
    private final ObjectMapper mapper;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public DispatchQueue(AppConfig config, ObjectMapper mapper) {
        this.dispatch = config.dispatchUrl();
        this.mapper = mapper;
    }

    public Optional<JsonNode> positionOf(UUID riderId, String bearerToken) {
        URI uri = dispatch.resolve("/api/v1/riders/" + riderId + "/queue");
        try {
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + bearerToken)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (reply.statusCode() != 200) {
                LOG.debugf("Queue of rider %s: dispatch answered %d", riderId, reply.statusCode());
                return Optional.empty();
            }
            JsonNode body = mapper.readTree(reply.body());
            return body != null && body.isObject() ? Optional.of(body) : Optional.empty();
        } catch (IOException e) {
            LOG.debugf("Queue of rider %s: dispatch not reachable (%s)", riderId, e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
