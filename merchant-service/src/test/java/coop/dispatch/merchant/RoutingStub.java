package coop.dispatch.merchant;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A real HTTP server standing in for dispatch-service's routing API during tests. It answers every bike route with
 * {@link #DISTANCE_METERS} and {@link #DURATION_SECONDS} and the other profiles with their own figures
 * ({@link #ROUTES}), refuses a profile dispatch-service does not know (400) and requests without a bearer token (401),
 * and answers 503 for a pickup at latitude {@link #ROUTING_DOWN_LAT}. The last Authorization header it saw is left in
 * a system property (the test and the application may live in different class loaders).
 */
public class RoutingStub implements QuarkusTestResourceLifecycleManager {
    public static final double DISTANCE_METERS = 2345.0;
    public static final double DURATION_SECONDS = 600.0;
    /** Profile → {distance m, duration s}: the profiles dispatch-service's GET /api/v1/routes accepts. */
    public static final Map<String, double[]> ROUTES = Map.of(
            "bike", new double[]{DISTANCE_METERS, DURATION_SECONDS},
            "ebike", new double[]{2456.0, 480.0},
            "cargo_bike", new double[]{2567.0, 780.0});
    public static final double ROUTING_DOWN_LAT = 49.4200;
    public static final String LAST_AUTHORIZATION = "coop.test.routing.last-authorization";

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/v1/routes", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            int status;
            String body;
            if (authorization == null || !authorization.startsWith("Bearer ")) {
                status = 401;
                body = "{\"title\":\"Unauthorized\",\"status\":401}";
            } else if (!ROUTES.containsKey(query.getOrDefault("profile", "bike"))) {
                status = 400;
                body = "{\"title\":\"Bad request\",\"status\":400,"
                        + "\"detail\":\"profile must be one of bike, ebike, cargo_bike\"}";
            } else if (query.getOrDefault("from", "").startsWith(String.format("%.4f", ROUTING_DOWN_LAT))) {
                System.setProperty(LAST_AUTHORIZATION, authorization);
                status = 503;
                body = "{\"title\":\"Graph not loaded\",\"status\":503}";
            } else {
                System.setProperty(LAST_AUTHORIZATION, authorization);
                String[] from = query.get("from").split(",");
                String[] to = query.get("to").split(",");
                String profile = query.getOrDefault("profile", "bike");
                double[] route = ROUTES.get(profile);
                status = 200;
                body = """
                        {"distanceMeters": %s, "durationSeconds": %s, "profile": "%s",
                         "geometry": {"type": "LineString", "coordinates": [[%s, %s], [%s, %s]]}}
                        """.formatted(route[0], route[1], profile,
                        from[1], from[0], to[1], to[0]);
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return Map.of("coop.routing.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }
}
