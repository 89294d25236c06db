package coop.dispatch.rider;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for dispatch-service's {@code GET /api/v1/riders/{id}/queue}: riders put in {@link #QUEUED} are at
 * position 2 of 5; any other rider, or a request without a bearer token, gets 404 or 401. And for
 * {@code GET /api/v1/routes}: a straight two-point line echoing the profile asked for.
 */
public class FakeDispatch implements QuarkusTestResourceLifecycleManager {
    static final Set<String> QUEUED = ConcurrentHashMap.newKeySet();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/v1/riders/", exchange -> {
            String[] parts = exchange.getRequestURI().getPath().split("/");
            String rider = parts.length == 6 && "queue".equals(parts[5]) ? parts[4] : null;
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            int status = auth == null || !auth.startsWith("Bearer ") ? 401 : QUEUED.contains(rider) ? 200 : 404;
            byte[] body = (status == 200 ? "{\"riderId\":\"" + rider + "\",\"position\":2,\"queueLength\":5}"
                    : "{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        // Routes: a two-point line from the query; a point north of 80° is "off the map" (422, as dispatch answers).
        server.createContext("/api/v1/routes", exchange -> {
            Map<String, String> q = new java.util.HashMap<>();
            for (String kv : exchange.getRequestURI().getQuery().split("&")) {
                q.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
            String[] from = q.get("from").split(",");
            String[] to = q.get("to").split(",");
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            int status = auth == null || !auth.startsWith("Bearer ") ? 401
                    : Double.parseDouble(from[0]) > 80 || Double.parseDouble(to[0]) > 80 ? 422 : 200;
            byte[] body = (status == 200 ? "{\"distanceMeters\":1234.5,\"durationSeconds\":300,\"profile\":\""
                    + q.get("profile") + "\",\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[" + from[1] + ","
                    + from[0] + "],[" + to[1] + "," + to[0] + "]]}}" : "{\"status\":" + status + "}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return Map.of("coop.app.dispatch-url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
