package coop.dispatch.merchant.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.merchant.config.MerchantConfig;
import coop.dispatch.policies.Vehicle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The routing client against a fake router on a real socket that counts the connections open at once: after a
 * failure and its pause, one request probes while the others use the straight line; a success resumes everyone.
 */
class RoutingClientTest {
    static final GeoPoint FROM = new GeoPoint(49.4106, 8.6947);
    static final GeoPoint TO = new GeoPoint(49.4080, 8.6850);
    static final Duration PAUSE = Duration.ofSeconds(10);
    static final int CALLERS = 16;

    /** A clock the test moves by hand, so that no test waits for the pause to pass. */
    static final class ManualClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-30T03:00:00Z"));

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    /**
     * A router on a plain server socket: in DROP mode it closes each connection without an answer (the client sees an
     * I/O failure), in ANSWER mode it answers a route once {@link #hold} opens. It counts connections and the most
     * that were open at the same time.
     */
    static final class FakeRouter implements AutoCloseable {
        enum Mode { DROP, ANSWER }

        final ServerSocket server;
        final ExecutorService threads = Executors.newCachedThreadPool();
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger maxOpen = new AtomicInteger();
        final List<String> requestLines = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile Mode mode = Mode.DROP;
        volatile CountDownLatch hold = new CountDownLatch(0);

        FakeRouter() throws IOException {
            server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
            threads.execute(this::acceptAll);
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort());
        }

        private void acceptAll() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connections.incrementAndGet();
                    maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                    threads.execute(() -> serve(socket));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket socket) {
            try {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.ISO_8859_1));
                String line = in.readLine();
                requestLines.add(line == null ? "" : line);
                while (line != null && !line.isEmpty()) {
                    line = in.readLine();
                }
                if (mode == Mode.ANSWER) {
                    hold.await(60, TimeUnit.SECONDS);
                    byte[] body = "{\"distanceMeters\": 1234.5, \"durationSeconds\": 321, \"profile\": \"bike\"}"
                            .getBytes(StandardCharsets.UTF_8);
                    OutputStream out = socket.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(body);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the client went away: nothing to answer
            } finally {
                // Counted as closed before it is: a client may reconnect the moment it sees the close.
                open.decrementAndGet();
                try {
                    socket.close();
                } catch (IOException e) {
                    // closed anyway
                }
            }
        }

        @Override
        public void close() throws IOException {
            hold.countDown();
            server.close();
            threads.shutdownNow();
        }
    }

    FakeRouter router;
    ManualClock clock;
    RoutingClient client;
    ExecutorService callers;

    @BeforeEach
    void start() throws IOException {
        router = new FakeRouter();
        clock = new ManualClock();
        callers = Executors.newFixedThreadPool(CALLERS);
        URI url = router.url();
        client = new RoutingClient(new MerchantConfig.Routing() {
            @Override
            public Optional<URI> url() {
                return Optional.of(url);
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(30);
            }

            @Override
            public Duration pauseAfterFailure() {
                return PAUSE;
            }

            @Override
            public double detourFactor() {
                return 1.3;
            }

            @Override
            public double speedKmh() {
                return 15;
            }
        }, new ObjectMapper(), clock);
    }

    @AfterEach
    void stop() throws IOException {
        callers.shutdownNow();
        router.close();
    }

    /** Starts {@code n} route requests at once; each future gives the route or the RoutingUnavailable. */
    List<Future<Object>> concurrently(int n) {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Object>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            results.add(callers.submit(() -> {
                go.await();
                try {
                    return client.route(FROM, TO, Vehicle.BIKE, "token");
                } catch (RoutingClient.RoutingUnavailable e) {
                    return e;
                }
            }));
        }
        go.countDown();
        return results;
    }

    static long failed(List<Future<Object>> results) {
        return results.stream().filter(Future::isDone).filter(f -> resultOf(f) instanceof Exception).count();
    }

    static Object resultOf(Future<Object> f) {
        try {
            return f.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void afterThePauseOneRequestProbesTheDeadRouterAndItsSuccessResumesEveryone() {
        assertThrows(RoutingClient.RoutingUnavailable.class, () -> client.route(FROM, TO, Vehicle.BIKE, "t"));
        int afterFailure = router.connections.get();
        assertTrue(afterFailure >= 1, "the first request reached the router");

        // During the pause nobody calls the router.
        List<Future<Object>> paused = concurrently(CALLERS);
        await().atMost(Duration.ofSeconds(30)).until(() -> paused.stream().allMatch(Future::isDone));
        assertEquals(CALLERS, failed(paused));
        assertEquals(afterFailure, router.connections.get(), "no request during the pause");

        // After the pause the router is back but slow to answer: exactly one request is on its way to it.
        clock.advance(PAUSE.plusSeconds(1));
        router.mode = FakeRouter.Mode.ANSWER;
        router.hold = new CountDownLatch(1);
        router.maxOpen.set(router.open.get());
        List<Future<Object>> afterPause = concurrently(CALLERS);
        // Every caller has either given up (straight line) or is connected to the router, which holds its answer.
        await().atMost(Duration.ofSeconds(30)).until(() -> failed(afterPause) + router.open.get() == CALLERS);
        assertEquals(CALLERS - 1, failed(afterPause));
        assertEquals(afterFailure + 1, router.connections.get(), "one probe, the others used the straight line");
        assertEquals(1, router.maxOpen.get(), "never more than one connection at once");

        router.hold.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> afterPause.stream().allMatch(Future::isDone));
        assertEquals(1, afterPause.stream().map(RoutingClientTest::resultOf)
                .filter(r -> r instanceof RoutingClient.Route route && route.distanceMeters() == 1234.5).count());

        // The probe's success ends the pause at once (the clock has not moved): everyone routes again.
        List<Future<Object>> resumed = concurrently(CALLERS);
        await().atMost(Duration.ofSeconds(30)).until(() -> resumed.stream().allMatch(Future::isDone));
        assertEquals(0, failed(resumed), "all routed after the probe succeeded");
        assertEquals(afterFailure + 1 + CALLERS, router.connections.get());
    }

    @Test
    void aFailedProbeStartsANewPause() throws Exception {
        assertThrows(RoutingClient.RoutingUnavailable.class, () -> client.route(FROM, TO, Vehicle.BIKE, "t"));
        int afterFailure = router.connections.get();

        clock.advance(PAUSE.plusSeconds(1));
        RoutingClient.RoutingUnavailable probe = assertThrows(RoutingClient.RoutingUnavailable.class,
                () -> client.route(FROM, TO, Vehicle.BIKE, "t"));
        assertFalse(probe.noRoute());
        int afterProbe = router.connections.get();
        assertTrue(afterProbe > afterFailure, "the probe reached the router");

        router.mode = FakeRouter.Mode.ANSWER;
        assertThrows(RoutingClient.RoutingUnavailable.class, () -> client.route(FROM, TO, Vehicle.BIKE, "t"));
        assertEquals(afterProbe, router.connections.get(), "a new pause began with the failed probe");

        clock.advance(PAUSE.plusSeconds(1));
        assertEquals(1234.5, client.route(FROM, TO, Vehicle.BIKE, "t").distanceMeters());
    }

    @Test
    void eachVehicleIsRoutedWithItsOwnProfile() throws Exception {
        router.mode = FakeRouter.Mode.ANSWER;
        for (Vehicle v : Vehicle.values()) {
            client.route(FROM, TO, v, "t");
        }
        assertEquals(3, router.requestLines.size(), router.requestLines.toString());
        assertTrue(router.requestLines.get(0).contains("&profile=bike "), router.requestLines.get(0));
        assertTrue(router.requestLines.get(1).contains("&profile=ebike "), router.requestLines.get(1));
        assertTrue(router.requestLines.get(2).contains("&profile=cargo_bike "), router.requestLines.get(2));
    }
}
