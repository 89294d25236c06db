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
                try {
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
                        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/v1/deliveries"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body));
                        if (idempotency) {
                            request.header("Idempotency-Key", UUID.randomUUID().toString());
                        }
                        HttpResponse<byte[]> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                        long took = System.nanoTime() - start;
                        i++;
                        if (answer.statusCode() != 201) {
                            if (errors.incrementAndGet() <= 3) {
                                System.err.println("HTTP " + answer.statusCode() + ": "
                                        + new String(answer.body(), StandardCharsets.UTF_8));
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
