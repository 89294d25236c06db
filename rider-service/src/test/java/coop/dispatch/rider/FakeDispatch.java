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
 * position 2 of 5; any other rider, or a request without a bearer token, gets 404 or 401.
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
