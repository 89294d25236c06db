package coop.dispatch.merchant.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.merchant.config.MerchantConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;

/**
 * Bike routes from dispatch-service's routing API ({@code GET /api/v1/routes?from=lat,lon&to=lat,lon&profile=bike}),
 * called with the merchant's own bearer token. After a connection failure or a timeout it is not tried again for a
 * while, so that delivery creation, which can do without a route, never waits on a dead dispatcher.
 */
@ApplicationScoped
public class RoutingClient {
    private static final Logger LOG = Logger.getLogger(RoutingClient.class);

    private final MerchantConfig.Routing config;
    private final ObjectMapper json;
    private final HttpClient http;
    private final Clock clock = Clock.systemUTC();
    private volatile Instant pausedUntil = Instant.MIN;

    public RoutingClient(MerchantConfig.Routing config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public record Route(double distanceMeters, double durationSeconds) {
    }

    /** Why no route came back: {@code noRoute} if the router answered that these points are not connected. */
    public static class RoutingUnavailable extends Exception {
        private final boolean noRoute;

        RoutingUnavailable(String message, boolean noRoute) {
            super(message, null, false, false);
            this.noRoute = noRoute;
        }

        public boolean noRoute() {
            return noRoute;
        }
    }

    public Route route(GeoPoint from, GeoPoint to, String bearerToken) throws RoutingUnavailable {
        URI base = config.url().orElseThrow(() -> new RoutingUnavailable("no routing service is configured", false));
        if (clock.instant().isBefore(pausedUntil)) {
            throw new RoutingUnavailable("the routing service failed moments ago; retrying after " + pausedUntil,
                    false);
        }
        URI uri = base.resolve("/api/v1/routes?from=" + point(from) + "&to=" + point(to) + "&profile=bike");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(config.timeout())
                .header("Accept", "application/json").GET();
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            pause();
            throw new RoutingUnavailable("the routing service did not answer within " + config.timeout(), false);
        } catch (IOException e) {
            pause();
            throw new RoutingUnavailable("the routing service cannot be reached: " + e, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RoutingUnavailable("interrupted", false);
        }
        int status = response.statusCode();
        if (status == 422) {
            throw new RoutingUnavailable("no bike route between these points (routing answered HTTP " + status + ")",
                    true);
        }
        if (status != 200) {
            throw new RoutingUnavailable("the routing service answered HTTP " + status, false);
        }
        try {
            JsonNode body = json.readTree(response.body());
            JsonNode distance = body.get("distanceMeters");
            JsonNode duration = body.get("durationSeconds");
            if (distance == null || !distance.isNumber() || duration == null || !duration.isNumber()
                    || distance.asDouble() < 0 || duration.asDouble() < 0) {
                throw new RoutingUnavailable("the routing service answered without distanceMeters/durationSeconds",
                        false);
            }
            return new Route(distance.asDouble(), duration.asDouble());
        } catch (IOException e) {
            throw new RoutingUnavailable("the routing service answered something that is not JSON", false);
        }
    }

    private void pause() {
        pausedUntil = clock.instant().plus(config.pauseAfterFailure());
        LOG.warnf("Routing unavailable; prices use straight-line distances until %s", pausedUntil);
    }

    private static String point(GeoPoint p) {
        return String.format(Locale.ROOT, "%.6f,%.6f", p.lat(), p.lon());
    }
}
