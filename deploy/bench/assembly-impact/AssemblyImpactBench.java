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
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Client of deploy/bench/assembly-impact.sh. Admits a member with a coordinator token it signs with the platform key
 * (.local/keys, as the tests do), logs in, proposes a pricing policy (version 1 with 1.40 per km and an extra CEL
 * rule), then asks for its impact preview CALLS + 1 times in a row and prints each call's time (HTTP round trip, and the
 * service's own computedInMillis) and the CPU time it cost the service (SERVICE_PID) and its PostgreSQL backends
 * (processes titled with DB_NAME), from /proc; the first call separately since it runs on a cold JVM.
 */
public class AssemblyImpactBench {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        String base = env("RIDER_URL", "http://127.0.0.1:8083");
        int calls = Integer.parseInt(env("CALLS", "10"));
        String coordinator = coordinatorToken(Path.of(System.getenv("COOP_JWT_PRIVATE_KEY")));
        String username = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "bench-only-passphrase";
        send("POST", base + "/api/v1/members", coordinator, "{\"username\":\"" + username
                + "\",\"displayName\":\"Bench member\",\"password\":\"" + password
                + "\",\"roles\":[\"member\"]}", 201);
        String login = send("POST", base + "/api/v1/auth/login", null, "{\"username\":\"" + username
                + "\",\"password\":\"" + password + "\"}", 200);
        String token = field(login, "accessToken");

        String current = send("GET", base + "/api/v1/assembly/policies/pricing", token, null, 200);
        String document = current.substring(current.indexOf("\"document\":") + "\"document\":".length(),
                current.lastIndexOf('}'));
        String proposed = document.replaceFirst("\"perKmCents\":\\s*\\d+", "\"perKmCents\":140")
                .replaceFirst("\"rules\":\\s*\\[", "\"rules\":[{\"name\":\"evening\","
                        + "\"when\":\"hour >= 18 && hour < 21\",\"cents\":\"50.0 + distance_km * 5.0\"},");
        String proposal = send("POST", base + "/api/v1/assembly/proposals", token, "{\"kind\":\"pricing\","
                + "\"rationale\":\"bench\",\"document\":" + proposed + "}", 201);
        String id = field(proposal, "id");

        List<Long> http = new ArrayList<>();
        List<Long> server = new ArrayList<>();
        List<Long> serviceCpu = new ArrayList<>();
        List<Long> databaseCpu = new ArrayList<>();
        String answer = null;
        String loadBefore = loadAverage();
        for (int i = 0; i < calls + 1; i++) {
            long cpu0 = serviceCpuMillis();
            long db0 = databaseCpuMillis();
            long t0 = System.nanoTime();
            answer = send("GET", base + "/api/v1/assembly/proposals/" + id + "/impact", token, null, 200);
            http.add((System.nanoTime() - t0) / 1_000_000);
            serviceCpu.add(serviceCpuMillis() - cpu0);
            databaseCpu.add(databaseCpuMillis() - db0);
            server.add(Long.parseLong(number(answer, "computedInMillis")));
        }
        System.out.printf(Locale.ROOT, "[assembly-impact] %s deliveries replayed under 2 pricing policies; load average "
                + "before %s, after %s%n", number(answer, "deliveries"), loadBefore, loadAverage());
        System.out.printf(Locale.ROOT, "[assembly-impact] first call (cold JVM): %d ms (service: %d ms), CPU %d ms "
                + "service + %d ms PostgreSQL%n", http.get(0), server.get(0), serviceCpu.get(0), databaseCpu.get(0));
        System.out.printf(Locale.ROOT, "[assembly-impact] next %d calls: median %d ms, max %d ms (service: median %d ms, "
                + "max %d ms), CPU per call median %d ms service + %d ms PostgreSQL%n", calls,
                median(http.subList(1, http.size())), max(http.subList(1, http.size())),
                median(server.subList(1, server.size())), max(server.subList(1, server.size())),
                median(serviceCpu.subList(1, serviceCpu.size())), median(databaseCpu.subList(1, databaseCpu.size())));
        System.out.println("[assembly-impact] each call, ms (HTTP/service/CPU service/CPU PostgreSQL): "
                + String.join(" ", java.util.stream.IntStream.range(0, http.size()).mapToObj(i -> http.get(i) + "/"
                + server.get(i) + "/" + serviceCpu.get(i) + "/" + databaseCpu.get(i)).toList()));
        System.out.println("[assembly-impact] last answer: " + answer.substring(0, Math.min(answer.length(), 900)));
    }

    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "?";
        }
    }

    /** User + system CPU time of the service process (SERVICE_PID), from /proc (Linux); 0 if unknown. */
    static long serviceCpuMillis() {
        String pid = System.getenv("SERVICE_PID");
        return pid == null ? 0 : cpuMillis(Path.of("/proc", pid, "stat"));
    }

    /** CPU time of the PostgreSQL backends serving the benchmark's database (DB_NAME), by their process titles. */
    static long databaseCpuMillis() {
        String db = System.getenv("DB_NAME");
        if (db == null) {
            return 0;
        }
        long total = 0;
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    String title = Files.readString(p.resolve("cmdline")).replace('\0', ' ');
                    if (title.startsWith("postgres: ") && title.contains(" " + db + " ")) {
                        total += cpuMillis(p.resolve("stat"));
                    }
                } catch (Exception gone) {
                    // the process ended meanwhile
                }
            }
        } catch (Exception e) {
            return 0;
        }
        return total;
    }

    /** utime + stime of /proc/<pid>/stat, in ms (clock ticks of 10 ms). */
    static long cpuMillis(Path stat) {
        try {
            String s = Files.readString(stat);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (Exception e) {
            return 0;
        }
    }

    static String send(String method, String url, String token, String json, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> answer = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != expected) {
            throw new IllegalStateException(method + " " + url + " answered " + answer.statusCode() + ": "
                    + answer.body());
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

    static String number(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*([0-9.]+)").matcher(json);
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
                + "\",\"upn\":\"bench-coordinator\",\"groups\":[\"coordinator\"],\"iat\":" + now
                + ",\"exp\":" + (now + 3600) + "}").getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(privateKey);
        rsa.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + b64.encodeToString(rsa.sign());
    }

    static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }
}
