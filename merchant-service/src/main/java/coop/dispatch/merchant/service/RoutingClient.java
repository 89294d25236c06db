package coop.dispatch.merchant.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.merchant.config.MerchantConfig;
import coop.dispatch.policies.Vehicle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Routes from dispatch-service's routing API ({@code GET /api/v1/routes?from=lat,lon&to=lat,lon&profile=…}, one
 * profile per vehicle: bike, ebike, cargo_bike), called with the merchant's own bearer token.
 *
 * <p>After a connection failure or a timeout the router is not called for {@code pauseAfterFailure}, so that delivery
 * creation, which can do without a route, never waits on a dead dispatcher. When the pause is over, one request
 * probes the router while every other keeps failing fast (callers use the straight line); the probe's success ends
 * the pause for all at once, its failure starts a new pause. A dead router thus sees one request per pause, not a
 * burst of everything that queued up meanwhile.
 */
@ApplicationScoped
public class RoutingClient {
    private static final Logger LOG = Logger.getLogger(RoutingClient.class);

    private final MerchantConfig.Routing config;
    private final ObjectMapper json;
    private final HttpClient http;
    private final Clock clock;
    /** Null while the router answers; after a failure, when the next probe may go. */
    private volatile Instant pausedUntil;
    private final AtomicBoolean probing = new AtomicBoolean();

    @Inject
    public RoutingClient(MerchantConfig.Routing config, ObjectMapper json) {
        this(config, json, Clock.systemUTC());
    }

    RoutingClient(MerchantConfig.Routing config, ObjectMapper json, Clock clock) {
        this.config = config;
        this.json = json;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public record Route(double distanceMeters, double durationSeconds) {
    }

    /** How a call ended: the router answered (whatever it said), could not be reached (starts a pause), or neither. */
    private enum Outcome {
        ANSWERED, UNREACHABLE, INTERRUPTED
    }

    /** Why no route came back: {@code noRoute} if the router answered that these points are not connected. */
    public static class RoutingUnavailable extends Exception {
        private final boolean noRoute;
        private final Outcome outcome;

        RoutingUnavailable(String message, boolean noRoute) {
            this(message, noRoute, Outcome.ANSWERED);
        }

        private RoutingUnavailable(String message, boolean noRoute, Outcome outcome) {
            super(message, null, false, false);
            this.noRoute = noRoute;
            this.outcome = outcome;
        }

        public boolean noRoute() {
            return noRoute;
        }
    }

    /** The router's profile for a vehicle (dispatch-service accepts exactly these names). */
    public static String profile(Vehicle vehicle) {
        return coop.dispatch.contracts.events.Vehicle.valueOf(vehicle.name()).routingProfile();
    }

    public Route route(GeoPoint from, GeoPoint to, Vehicle vehicle, String bearerToken) throws RoutingUnavailable {
        URI base = config.url().orElseThrow(() -> new RoutingUnavailable("no routing service is configured", false));
        boolean probe = false;
        Instant paused = pausedUntil;
        if (paused != null) {
            if (clock.instant().isBefore(paused)) {
                throw waiting(paused);
            }
            if (!probing.compareAndSet(false, true)) {
                throw new RoutingUnavailable("the routing service failed moments ago; another request is checking "
                        + "whether it is back", false);
            }
            // Read again while holding the probe: the previous probe may have ended (and paused anew) meanwhile.
            paused = pausedUntil;
            if (paused != null && clock.instant().isBefore(paused)) {
                probing.set(false);
                throw waiting(paused);
            }
            probe = paused != null;
            if (!probe) {
                probing.set(false);
            }
        }
        try {
            Route route = call(base, from, to, vehicle, bearerToken);
            resume(probe);
            return route;
        } catch (RoutingUnavailable e) {
            switch (e.outcome) {
                case ANSWERED -> resume(probe);
                case UNREACHABLE -> pause();
                case INTERRUPTED -> {
                }
            }
            throw e;
        } finally {
            if (probe) {
                probing.set(false);
            }
        }
    }

    private Route call(URI base, GeoPoint from, GeoPoint to, Vehicle vehicle, String bearerToken)
            throws RoutingUnavailable {
        URI uri = base.resolve("/api/v1/routes?from=" + point(from) + "&to=" + point(to) + "&profile="
                + profile(vehicle));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(config.timeout())
                .header("Accept", "application/json").GET();
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new RoutingUnavailable("the routing service did not answer within " + config.timeout(), false,
                    Outcome.UNREACHABLE);
        } catch (IOException e) {
            throw new RoutingUnavailable("the routing service cannot be reached: " + e, false, Outcome.UNREACHABLE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RoutingUnavailable("interrupted", false, Outcome.INTERRUPTED);
        }
        int status = response.statusCode();
        if (status == 422) {
            throw new RoutingUnavailable("no " + profile(vehicle) + " route between these points (routing answered "
                    + "HTTP " + status + ")", true);
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

    private static RoutingUnavailable waiting(Instant until) {
        return new RoutingUnavailable("the routing service failed moments ago; retrying after " + until, false);
    }

    /** The router answered (whatever it said): a pause ends, for every caller at once. */
    private void resume(boolean probe) {
        if (pausedUntil != null) {
            pausedUntil = null;
            LOG.infof("Routing answers again%s; routes are used again", probe ? " (checked by one request)" : "");
        }
    }

    private void pause() {
        Instant until = clock.instant().plus(config.pauseAfterFailure());
        pausedUntil = until;
        LOG.warnf("Routing unavailable; prices use straight-line distances until %s, then one request checks", until);
    }

    private static String point(GeoPoint p) {
        return String.format(Locale.ROOT, "%.6f,%.6f", p.lat(), p.lon());
    }
}
