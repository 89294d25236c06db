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
 * rule), then asks for its impact preview CALLS times in a row and prints each call's time (HTTP round trip, and the
 * service's own computedInMillis), the first call separately since it runs on a cold JIT.
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
        String answer = null;
        for (int i = 0; i < calls + 1; i++) {
            long t0 = System.nanoTime();
            answer = send("GET", base + "/api/v1/assembly/proposals/" + id + "/impact", token, null, 200);
            http.add((System.nanoTime() - t0) / 1_000_000);
            server.add(Long.parseLong(number(answer, "computedInMillis")));
        }
        System.out.printf(Locale.ROOT, "[assembly-impact] %s deliveries replayed under 2 pricing policies%n",
                number(answer, "deliveries"));
        System.out.printf(Locale.ROOT, "[assembly-impact] first call (cold JIT): %d ms (service: %d ms)%n",
                http.get(0), server.get(0));
        List<Long> warm = new ArrayList<>(http.subList(1, http.size()));
        List<Long> warmServer = new ArrayList<>(server.subList(1, server.size()));
        warm.sort(null);
        warmServer.sort(null);
        System.out.printf(Locale.ROOT, "[assembly-impact] next %d calls: median %d ms, max %d ms "
                + "(service: median %d ms, max %d ms)%n", warm.size(), warm.get(warm.size() / 2), warm.get(warm.size() - 1),
                warmServer.get(warmServer.size() / 2), warmServer.get(warmServer.size() - 1));
        System.out.println("[assembly-impact] last answer: " + answer.substring(0, Math.min(answer.length(), 900)));
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
