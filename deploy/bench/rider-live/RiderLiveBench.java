import coop.dispatch.contracts.Events;
import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.JobOffered;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark (not a test) of one rider-service: N riders connected on the live WebSocket, offers emitted on the
 * broker's dispatch-offers topic, latency from the moment an offer is handed to the Kafka producer to its arrival on
 * the rider's socket; then location ingest in points/s with the sockets still open; the service's RSS throughout.
 * Run by deploy/bench/rider-live.sh, which starts the service and passes everything as environment variables.
 */
public class RiderLiveBench {
    static final Map<String, String> ENV = System.getenv();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public static void main(String[] args) throws Exception {
        int riders = Integer.parseInt(ENV.getOrDefault("RIDERS", "1000"));
        int[] rates = Arrays.stream(ENV.getOrDefault("OFFERS_PER_SECOND", "20,100").split(","))
                .mapToInt(r -> Integer.parseInt(r.trim())).toArray();
        int offerSeconds = Integer.parseInt(ENV.getOrDefault("OFFER_SECONDS", "20"));
        int locationSeconds = Integer.parseInt(ENV.getOrDefault("LOCATION_SECONDS", "20"));
        int batch = Integer.parseInt(ENV.getOrDefault("POINTS_PER_REPORT", "10"));
        int senders = Integer.parseInt(ENV.getOrDefault("LOCATION_SENDERS", "16"));
        String base = ENV.get("RIDER_URL");
        long pid = Long.parseLong(ENV.get("RIDER_PID"));

        List<UUID> ids = createRiders(riders);
        PrivateKey key = privateKey(Path.of(ENV.get("COOP_JWT_PRIVATE_KEY")));
        List<String> tokens = ids.stream().map(id -> token(key, id)).toList();
        System.out.printf("rider-service RSS at rest: %s%n", rss(pid));

        // 1. N live connections.
        Map<String, Long> emitted = new ConcurrentHashMap<>();
        Map<String, Long> latencyNanos = new ConcurrentHashMap<>();
        CountDownLatch connected = new CountDownLatch(riders);
        List<WebSocket> sockets = new ArrayList<>();
        URI live = URI.create(base.replace("http", "ws") + "/api/v1/riders/me/live");
        long connectStart = System.nanoTime();
        HttpClient[] clients = new HttpClient[4];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        }
        List<CompletableFuture<WebSocket>> pending = new ArrayList<>();
        for (int i = 0; i < riders; i++) {
            pending.add(clients[i % clients.length].newWebSocketBuilder()
                    .header("Authorization", "Bearer " + tokens.get(i))
                    .buildAsync(live, new Listener(connected, emitted, latencyNanos)));
            if (pending.size() == 50) {
                for (CompletableFuture<WebSocket> f : pending) {
                    sockets.add(f.get(60, TimeUnit.SECONDS));
                }
                pending.clear();
            }
        }
        for (CompletableFuture<WebSocket> f : pending) {
            sockets.add(f.get(60, TimeUnit.SECONDS));
        }
        if (!connected.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException(connected.getCount() + " sockets never said Connected");
        }
        System.out.printf("%d WebSockets connected in %.1f s; rider-service RSS %s%n", riders,
                (System.nanoTime() - connectStart) / 1e9, rss(pid));

        // What the service spends with the sockets open and nothing to do (pings, schedulers, consumers' polls).
        Cpu idleBefore = Cpu.now(pid);
        Thread.sleep(10_000);
        Cpu idle = Cpu.now(pid).minus(idleBefore);
        System.out.printf("idle with %d sockets: rider-service %.0f ms CPU/s, PostgreSQL %.0f ms CPU/s%n", riders,
                idle.serviceMillis() / 10, idle.databaseMillis() / 10);

        // 2. Offers on the broker at steady rates, each to a random rider; one phase per rate.
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ENV.get("KAFKA_BOOTSTRAP_SERVERS"));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        String topic = ENV.get("TOPIC_PREFIX") + "dispatch-offers";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            // One offer first, unmeasured: the consumer joins its group and the topic is created.
            warmUp(producer, topic, ids.get(0), emitted, latencyNanos);
            for (int offersPerSecond : rates) {
                emitted.clear();
                latencyNanos.clear();
                int offers = offersPerSecond * offerSeconds;
                Cpu before = Cpu.now(pid);
                long gapNanos = 1_000_000_000L / offersPerSecond;
                long start = System.nanoTime();
                for (int i = 0; i < offers; i++) {
                    long due = start + i * gapNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    UUID rider = ids.get(ThreadLocalRandom.current().nextInt(riders));
                    send(producer, topic, rider, emitted);
                }
                producer.flush();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (latencyNanos.size() < offers && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                Cpu used = Cpu.now(pid).minus(before);
                long[] ms = latencyNanos.values().stream().mapToLong(n -> n).sorted().toArray();
                System.out.printf("offers at %d/s for %d s: %d emitted, %d arrived on their rider's socket "
                        + "(load average %s)%n", offersPerSecond, offerSeconds, offers, ms.length, loadAverage());
                System.out.printf("  emit → arrival: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                        pct(ms, 50), pct(ms, 90), pct(ms, 99), ms.length == 0 ? Double.NaN : ms[ms.length - 1] / 1e6);
                System.out.printf("  CPU per offer: rider-service %.2f ms, PostgreSQL (rider_test backends) %.2f ms%n",
                        used.serviceMillis() / offers, used.databaseMillis() / offers);
            }
        }
        System.out.printf("rider-service RSS with %d sockets after the offers: %s%n", riders, rss(pid));

        // 3. Location ingest: every rider online, then reports of `batch` points from `senders` threads.
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        List<Future> online = new ArrayList<>();
        for (String t : tokens) {
            online.add(new Future(pool.submit(() -> post(base + "/api/v1/riders/me/shift", t,
                    "{\"location\":{\"lat\":49.41,\"lon\":8.69}}"))));
        }
        for (Future f : online) {
            f.get();
        }
        AtomicLong points = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        List<Long> requestNanos = java.util.Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(locationSeconds);
        Cpu ingestBefore = Cpu.now(pid);
        long ingestStart = System.nanoTime();
        CountDownLatch done = new CountDownLatch(senders);
        for (int s = 0; s < senders; s++) {
            pool.submit(() -> {
                try {
                    while (System.nanoTime() < end) {
                        int i = ThreadLocalRandom.current().nextInt(riders);
                        long t0 = System.nanoTime();
                        int status = post(base + "/api/v1/riders/me/location", tokens.get(i), report(batch));
                        requestNanos.add(System.nanoTime() - t0);
                        if (status == 202) {
                            points.addAndGet(batch);
                        } else {
                            refused.incrementAndGet();
                        }
                    }
                } finally {
                    done.countDown();
                }
                return null;
            });
        }
        done.await();
        double seconds = (System.nanoTime() - ingestStart) / 1e9;
        Cpu ingestUsed = Cpu.now(pid).minus(ingestBefore);
        long[] req = requestNanos.stream().mapToLong(n -> n).sorted().toArray();
        System.out.printf("location ingest: %d points in %.1f s = %.0f points/s (%d-point reports from %d senders, "
                        + "%.0f reports/s, p50 %.1f ms, p99 %.1f ms, %d refused)%n", points.get(), seconds,
                points.get() / seconds, batch, senders, req.length / seconds, pct(req, 50), pct(req, 99),
                refused.get());
        long reports = Math.max(1, req.length);
        System.out.printf("  CPU per report: rider-service %.2f ms, PostgreSQL (rider_test backends) %.2f ms "
                + "(load average %s)%n", ingestUsed.serviceMillis() / reports, ingestUsed.databaseMillis() / reports,
                loadAverage());
        System.out.printf("rider-service RSS with %d sockets after the ingest: %s (peak %s)%n", riders, rss(pid),
                status(pid, "VmHWM"));
        pool.shutdownNow();
        for (WebSocket w : sockets) {
            w.abort();
        }
    }

    /** A Future of the pool with a checked get, so that a failed request ends the run. */
    record Future(java.util.concurrent.Future<?> f) {
        void get() throws Exception {
            f.get(60, TimeUnit.SECONDS);
        }
    }

    static void warmUp(KafkaProducer<String, String> producer, String topic, UUID rider, Map<String, Long> emitted,
                       Map<String, Long> latency) throws Exception {
        send(producer, topic, rider, emitted);
        producer.flush();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (latency.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (latency.isEmpty()) {
            throw new IllegalStateException("the first offer never reached its socket");
        }
    }

    static void send(KafkaProducer<String, String> producer, String topic, UUID rider, Map<String, Long> emitted) {
        Instant now = Instant.now();
        JobOffered offer = new JobOffered(UUID.randomUUID(), UUID.randomUUID(), rider, new GeoPoint(49.4093, 8.6929),
                new GeoPoint(49.4094, 8.7012), 800, 200, now, now.plusSeconds(60), 640L);
        String json = Events.toJson(Events.envelope(rider.toString(), offer, now));
        emitted.put(offer.offerId().toString(), System.nanoTime());
        producer.send(new ProducerRecord<>(topic, rider.toString(), json));
    }

    static String report(int n) {
        StringBuilder b = new StringBuilder("{\"points\":[");
        Instant now = Instant.now();
        for (int i = 0; i < n; i++) {
            double lat = 49.40 + ThreadLocalRandom.current().nextDouble(0.02);
            double lon = 8.68 + ThreadLocalRandom.current().nextDouble(0.03);
            b.append(i == 0 ? "" : ",").append("{\"lat\":").append(lat).append(",\"lon\":").append(lon)
                    .append(",\"at\":\"").append(now.minusSeconds(n - i)).append("\"}");
        }
        return b.append("]}").toString();
    }

    static int post(String url, String token, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** Counts "Connected", and for each JobOffered the time since its offer was handed to the producer. */
    static final class Listener implements WebSocket.Listener {
        private final CountDownLatch connected;
        private final Map<String, Long> emitted;
        private final Map<String, Long> latency;
        private final StringBuilder text = new StringBuilder();

        Listener(CountDownLatch connected, Map<String, Long> emitted, Map<String, Long> latency) {
            this.connected = connected;
            this.emitted = emitted;
            this.latency = latency;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            long now = System.nanoTime();
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                if (message.contains("\"type\":\"Connected\"")) {
                    connected.countDown();
                } else if (message.contains("\"type\":\"JobOffered\"")) {
                    int at = message.indexOf("\"offerId\":\"") + 11;
                    String offerId = message.substring(at, at + 36);
                    Long sent = emitted.get(offerId);
                    if (sent != null) {
                        latency.putIfAbsent(offerId, now - sent);
                    }
                }
            }
            socket.request(1);
            return null;
        }
    }

    static List<UUID> createRiders(int n) throws Exception {
        List<UUID> ids = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(ENV.get("DB_URL"), ENV.get("RIDER_DB_USER"),
                ENV.get("RIDER_DB_PASSWORD"));
             PreparedStatement insert = c.prepareStatement("""
                     INSERT INTO member (id, username, display_name, password_hash, roles, vehicle, active, created_at)
                     VALUES (?, ?, ?, 'no-login', '{rider,member}', 'BIKE', true, ?)""")) {
            String run = UUID.randomUUID().toString().substring(0, 6);
            for (int i = 0; i < n; i++) {
                UUID id = UUID.randomUUID();
                ids.add(id);
                insert.setObject(1, id);
                insert.setString(2, "bench-" + run + "-" + i);
                insert.setString(3, "Bench rider " + i);
                insert.setTimestamp(4, Timestamp.from(Instant.now()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return ids;
    }

    /** An RS256 access token like rider-service's login issues (members inserted directly skip bcrypt). */
    static String token(PrivateKey key, UUID rider) {
        long now = Instant.now().getEpochSecond();
        String header = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
        String claims = b64(("{\"iss\":\"https://coopdispatch.coop\",\"sub\":\"%s\",\"upn\":\"bench\","
                + "\"groups\":[\"rider\",\"member\"],\"iat\":%d,\"exp\":%d}").formatted(rider, now, now + 3600));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
            return header + "." + claims + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static PrivateKey privateKey(Path pem) throws Exception {
        String body = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    static double pct(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(i, sortedNanos.length - 1))] / 1e6;
    }

    /**
     * CPU time (user + system) of the service's JVM and of the PostgreSQL backends serving the benchmark's database,
     * from /proc: much less sensitive than wall-clock figures to what else runs on the machine.
     */
    record Cpu(long serviceTicks, Map<Long, Long> backendTicks) {
        static final double MILLIS_PER_TICK = 10.0; // USER_HZ is 100 on Linux

        static Cpu now(long servicePid) throws Exception {
            Map<Long, Long> backends = new java.util.HashMap<>();
            String database = ENV.get("DB_URL").replaceAll(".*/", "");
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path proc : procs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                    try {
                        String title = Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
                        if (title.startsWith("postgres: ") && title.contains(" " + database + " ")) {
                            backends.put(Long.parseLong(proc.getFileName().toString()), ticks(proc));
                        }
                    } catch (java.io.IOException gone) {
                        // the process ended meanwhile
                    }
                }
            }
            return new Cpu(ticks(Path.of("/proc/" + servicePid)), backends);
        }

        static long ticks(Path proc) throws java.io.IOException {
            String stat = Files.readString(proc.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
        }

        Cpu minus(Cpu before) {
            Map<Long, Long> delta = new java.util.HashMap<>();
            backendTicks.forEach((pid, t) -> delta.put(pid, t - before.backendTicks.getOrDefault(pid, 0L)));
            return new Cpu(serviceTicks - before.serviceTicks, delta);
        }

        double serviceMillis() {
            return serviceTicks * MILLIS_PER_TICK;
        }

        double databaseMillis() {
            return backendTicks.values().stream().mapToLong(t -> t).sum() * MILLIS_PER_TICK;
        }
    }

    static String loadAverage() throws Exception {
        return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
    }

    static String rss(long pid) throws Exception {
        return status(pid, "VmRSS");
    }

    static String status(long pid, String field) throws Exception {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith(field + ":"))
                .map(l -> Arrays.stream(l.split("\\s+")).skip(1).findFirst().orElse("?"))
                .map(kb -> Long.parseLong(kb) / 1024 + " MB").findFirst().orElse("?");
    }
}
