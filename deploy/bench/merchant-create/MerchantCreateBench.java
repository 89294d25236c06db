import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load client for deploy/bench/merchant-create.sh. Sets up a merchant, an API client and a service zone with a
 * coordinator token it signs with the platform key (.local/keys, as the tests do), gets a merchant token through
 * /oauth2/token, then runs CLIENTS threads that each POST deliveries back to back: WARMUP_SECONDS unmeasured, then
 * SECONDS_MEASURED measured. Prints requests/s, latency percentiles and the outbox backlog at the end.
 */
public class MerchantCreateBench {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        String base = env("MERCHANT_URL", "http://127.0.0.1:8081");
        int clients = Integer.parseInt(env("CLIENTS", "16"));
        int warmup = Integer.parseInt(env("WARMUP_SECONDS", "15"));
        int measured = Integer.parseInt(env("SECONDS_MEASURED", "30"));
        boolean idempotency = "1".equals(env("IDEMPOTENCY", "0"));

        String coordinator = coordinatorToken(Path.of(System.getenv("COOP_JWT_PRIVATE_KEY")));
        post(base + "/api/v1/zones", coordinator, "{\"name\":\"Heidelberg (bench)\",\"area\":{\"type\":\"Polygon\","
                + "\"coordinates\":[[[8.60,49.36],[8.76,49.36],[8.76,49.45],[8.60,49.45],[8.60,49.36]]]}}", 201);
        String merchantId = field(post(base + "/api/v1/merchants", coordinator, "{\"name\":\"Bench bakery\"}", 201),
                "id");
        String client = post(base + "/api/v1/merchants/" + merchantId + "/api-clients", coordinator,
                "{\"name\":\"bench\"}", 201);
        HttpResponse<String> tokenAnswer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id="
                        + field(client, "clientId") + "&client_secret=" + field(client, "clientSecret")))
                .build(), HttpResponse.BodyHandlers.ofString());
        String token = field(tokenAnswer.body(), "access_token");

        System.out.printf(Locale.ROOT, "[merchant-create] %d clients, %d s warm-up, %d s measured, Idempotency-Key %s%n",
                clients, warmup, measured, idempotency ? "on" : "off");
        long warmupEnd = System.nanoTime() + warmup * 1_000_000_000L;
        long end = warmupEnd + measured * 1_000_000_000L;
        Costs costs = new Costs(env("MERCHANT_PID", ""), env("DB_URL", ""), env("MERCHANT_DB_USER", "merchant"));
        Thread meter = new Thread(() -> costs.measure(warmupEnd, end), "meter");
        meter.start();
        AtomicLong errors = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        int[] counts = new int[clients];
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            long[] mine = new long[2_000_000];
            latencies.add(mine);
            int me = c;
            Thread t = new Thread(() -> {
                int n = 0;
                int i = 0;
                try (Connection connection = new Connection(URI.create(base))) {
                    while (true) {
                        long start = System.nanoTime();
                        if (start >= end) {
                            break;
                        }
                        double dLat = (i % 50) * 0.0005;
                        double dLon = (i % 37) * 0.0007;
                        String body = """
                                {"pickup": {"address": "Bismarckplatz 1, 69115 Heidelberg",
                                            "location": {"lat": %.5f, "lon": %.5f}, "contactName": "Bench bakery"},
                                 "dropoff": {"address": "Plöck 20, 69117 Heidelberg",
                                             "location": {"lat": %.5f, "lon": %.5f}, "contactName": "Jo"},
                                 "parcel": {"weightGrams": %d}, "reference": "bench-%d-%d"}"""
                                .formatted(49.4093 - dLat, 8.6929 + dLon, 49.4094 - dLon / 2, 8.7012 - dLat,
                                        500 + (i % 20) * 500, me, i);
                        Connection.Answer answer = connection.post("/api/v1/deliveries", token, body,
                                idempotency ? UUID.randomUUID().toString() : null);
                        long took = System.nanoTime() - start;
                        i++;
                        if (answer.status() != 201) {
                            if (errors.incrementAndGet() <= 3) {
                                System.err.println("HTTP " + answer.status() + ": " + answer.body());
                            }
                        } else if (start >= warmupEnd && n < mine.length) {
                            mine[n++] = took;
                        }
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                    System.err.println("client " + me + " stopped: " + e);
                } finally {
                    counts[me] = n;
                    done.countDown();
                }
            }, "client-" + c);
            t.start();
        }
        done.await();
        meter.join();
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int k = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies.get(c), 0, all, k, counts[c]);
            k += counts[c];
        }
        Arrays.sort(all);
        System.out.printf(Locale.ROOT, "[merchant-create] POST /api/v1/deliveries: %d created in %d s = %.0f req/s "
                        + "sustained; latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms; %d errors%n",
                total, measured, total / (double) measured, ms(all, 0.50), ms(all, 0.90), ms(all, 0.99),
                all.length == 0 ? 0 : all[all.length - 1] / 1e6, errors.get());
        costs.print(total);
    }

    /**
     * What the measured requests cost, less sensitive to other load on the machine than wall-clock figures: CPU time of
     * the service process and of its PostgreSQL backends (from /proc, in clock ticks of 10 ms), and the database's
     * transaction and row counters (pg_stat_database, through psql if it is installed).
     */
    static final class Costs {
        private final String servicePid;
        private final String database;
        private final String user;
        private long[] before;
        private long[] after;
        private String loadAverage = "?";

        Costs(String servicePid, String dbUrl, String user) {
            this.servicePid = servicePid;
            this.database = dbUrl.isEmpty() ? "" : dbUrl.substring(dbUrl.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
            this.user = user;
        }

        void measure(long from, long to) {
            sleepUntil(from);
            before = sample();
            sleepUntil(to);
            after = sample();
            try {
                loadAverage = Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0];
            } catch (Exception e) {
                loadAverage = "?";
            }
        }

        /**
         * [service ticks, backend ticks, commits, rows inserted, rows updated, rows deleted, rows fetched, this load
         * client's ticks, Kafka broker ticks].
         */
        private long[] sample() {
            long[] s = new long[9];
            s[7] = ticks(Path.of("/proc/self"));
            s[0] = servicePid.isEmpty() ? -1 : ticks(Path.of("/proc", servicePid));
            String title = "postgres: " + user + " " + database + " ";
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path proc : (Iterable<Path>) procs::iterator) {
                    if (!proc.getFileName().toString().chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    try {
                        String cmd = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
                        if (cmd.startsWith(title)) {
                            s[1] += ticks(proc);
                        } else if (cmd.contains("kafka.Kafka\0")) {
                            s[8] += ticks(proc);
                        }
                    } catch (Exception gone) {
                        // the process ended meanwhile
                    }
                }
            } catch (Exception e) {
                s[1] = -1;
            }
            String counters = psql("SELECT xact_commit, tup_inserted, tup_updated, tup_deleted, tup_fetched "
                    + "FROM pg_stat_database WHERE datname = current_database()");
            String[] parts = counters == null ? new String[0] : counters.strip().split("\\|");
            for (int i = 0; i < 5; i++) {
                s[2 + i] = parts.length == 5 ? Long.parseLong(parts[i]) : -1;
            }
            return s;
        }

        void print(int requests) {
            if (before == null || after == null || requests == 0) {
                return;
            }
            double perRequest = 1.0 / requests;
            // Clock ticks are 10 ms on Linux (USER_HZ = 100).
            System.out.printf(Locale.ROOT, "[merchant-create] CPU per request: service %s ms, its PostgreSQL "
                            + "backends %s ms, this load client %.3f ms, Kafka broker %.3f ms (shared with anything "
                            + "else using it) (load average %s)%n",
                    before[0] < 0 ? "?" : String.format(Locale.ROOT, "%.3f", (after[0] - before[0]) * 10.0 * perRequest),
                    before[1] < 0 ? "?" : String.format(Locale.ROOT, "%.3f", (after[1] - before[1]) * 10.0 * perRequest),
                    (after[7] - before[7]) * 10.0 * perRequest, (after[8] - before[8]) * 10.0 * perRequest,
                    loadAverage);
            if (before[2] >= 0 && after[2] >= 0) {
                System.out.printf(Locale.ROOT, "[merchant-create] database per request: %.2f commits, %.2f rows "
                                + "inserted, %.2f updated, %.2f deleted, %.2f fetched%n",
                        (after[2] - before[2]) * perRequest, (after[3] - before[3]) * perRequest,
                        (after[4] - before[4]) * perRequest, (after[5] - before[5]) * perRequest,
                        (after[6] - before[6]) * perRequest);
            }
        }

        private String psql(String sql) {
            if (database.isEmpty()) {
                return null;
            }
            try {
                ProcessBuilder pb = new ProcessBuilder("psql", "-X", "-At", "-h", "127.0.0.1", "-p",
                        env("COOP_PG_PORT", "15432"), "-U", user, "-d", database, "-c", sql);
                pb.environment().put("PGPASSWORD", env("MERCHANT_DB_PASSWORD", ""));
                pb.redirectErrorStream(true);
                Process p = pb.start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                return p.waitFor() == 0 ? out : null;
            } catch (Exception e) {
                return null;
            }
        }

        private static long ticks(Path proc) {
            try {
                String stat = Files.readString(proc.resolve("stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
            } catch (Exception e) {
                return 0;
            }
        }

        private static void sleepUntil(long nanoTime) {
            long wait;
            while ((wait = nanoTime - System.nanoTime()) > 0) {
                try {
                    Thread.sleep(Math.max(1, wait / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * One keep-alive HTTP/1.1 connection, written and read directly: java.net.http.HttpClient costs about a
     * millisecond of CPU per request, which on a 2-core machine is taken from the service being measured. The server
     * does the same work either way.
     */
    static final class Connection implements AutoCloseable {
        record Answer(int status, String body) {
        }

        private final URI base;
        private Socket socket;
        private OutputStream out;
        private BufferedInputStream in;

        Connection(URI base) {
            this.base = base;
        }

        Answer post(String path, String token, String json, String idempotencyKey) throws IOException {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(256).append("POST ").append(path).append(" HTTP/1.1\r\nHost: ")
                    .append(base.getHost()).append(':').append(base.getPort())
                    .append("\r\nAuthorization: Bearer ").append(token)
                    .append("\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: ")
                    .append(body.length).append("\r\n");
            if (idempotencyKey != null) {
                head.append("Idempotency-Key: ").append(idempotencyKey).append("\r\n");
            }
            head.append("\r\n");
            if (socket == null) {
                socket = new Socket(base.getHost(), base.getPort());
                socket.setTcpNoDelay(true);
                out = new BufferedOutputStream(socket.getOutputStream(), 4096);
                in = new BufferedInputStream(socket.getInputStream(), 8192);
            }
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return read();
        }

        private Answer read() throws IOException {
            String status = line();
            int code = Integer.parseInt(status.split(" ", 3)[1]);
            int length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String h = header.toLowerCase(Locale.ROOT);
                if (h.startsWith("content-length:")) {
                    length = Integer.parseInt(h.substring(15).strip());
                } else if (h.startsWith("transfer-encoding:") && h.contains("chunked")) {
                    chunked = true;
                } else if (h.startsWith("connection:") && h.contains("close")) {
                    close = true;
                }
            }
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            if (chunked) {
                for (int size = Integer.parseInt(line().split(";")[0].strip(), 16); size > 0;
                     size = Integer.parseInt(line().split(";")[0].strip(), 16)) {
                    body.write(in.readNBytes(size));
                    line();
                }
                line();
            } else if (length >= 0) {
                body.write(in.readNBytes(length));
            }
            if (close) {
                close();
            }
            return new Answer(code, body.toString(StandardCharsets.UTF_8));
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed by the server");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            if (socket != null) {
                socket.close();
                socket = null;
            }
        }
    }

    static double ms(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    static String post(String url, String token, String json, int expected) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != expected) {
            throw new IllegalStateException(url + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer.body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    /** An RS256 JWT with the coordinator role, signed with the platform's private key. */
    static String coordinatorToken(Path pem) throws Exception {
        String key = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey privateKey = KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(key)));
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = Instant.now().getEpochSecond();
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"iss\":\"https://coopdispatch.coop\",\"sub\":\"" + UUID.randomUUID()
                + "\",\"upn\":\"bench-coordinator\",\"groups\":[\"coordinator\",\"member\"],\"iat\":" + now
                + ",\"exp\":" + (now + 3600) + "}").getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(privateKey);
        rsa.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + b64.encodeToString(rsa.sign());
    }

    static String env(String name, String otherwise) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? otherwise : v;
    }
}
