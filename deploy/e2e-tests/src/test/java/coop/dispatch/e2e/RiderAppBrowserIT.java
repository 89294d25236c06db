package coop.dispatch.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A rider runs a whole job in the courier app, in headless Chromium (Debian's, driven by playwright-core from
 * deploy/e2e-tests/browser, installed by deploy/local/browser-deps.sh): log in → go online → the offer for a delivery
 * a shop just asked for appears → accept → picked up → delivered, with the recipient's name and a photo. Screenshots
 * of each screen are written to target/screenshots/.
 */
@ExtendWith(Platform.Shared.class)
class RiderAppBrowserIT {
    static final String PASSWORD = "app-rider-" + UUID.randomUUID();
    // Kirchheim, Heidelberg: out of reach (by the dispatcher's maximum pickup time) of the other end-to-end test's
    // riders at Bismarckplatz, so each test's deliveries go to its own riders whichever runs first.
    static final double LAT = 49.3835;
    static final double LON = 8.6600;

    static Platform platform;
    static Path browserDir;

    @BeforeAll
    static void checkTheBrowser() {
        platform = Platform.get();
        browserDir = platform.root.resolve("deploy/e2e-tests/browser");
        if (!Files.isExecutable(Path.of("/usr/bin/chromium"))
                || !Files.isDirectory(browserDir.resolve("node_modules/playwright-core"))) {
            fail("Chromium or playwright-core is missing: run deploy/local/browser-deps.sh (test.sh does)");
        }
    }

    @Test
    void aRiderRunsAJobInTheApp() throws Exception {
        String coordinator = Api.post(platform.rider.baseUrl() + "/api/v1/auth/login", null,
                        "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(Platform.COORDINATOR,
                                Platform.COORDINATOR_PASSWORD))
                .expect(200).body().path("accessToken").asText();
        String username = "app-rider-" + Platform.RUN;
        Api.post(platform.rider.baseUrl() + "/api/v1/members", coordinator,
                "{\"username\":\"%s\",\"displayName\":\"Alex\",\"password\":\"%s\",\"vehicle\":\"BIKE\"}"
                        .formatted(username, PASSWORD)).expect(201);
        String shop = merchantToken(coordinator);

        Path screenshots = platform.root.resolve("deploy/e2e-tests/target/screenshots");
        ProcessBuilder node = new ProcessBuilder("node", "rider-app.spec.mjs").directory(browserDir.toFile())
                .redirectErrorStream(true);
        node.environment().put("APP_URL", platform.rider.baseUrl() + "/app/");
        node.environment().put("RIDER_USERNAME", username);
        node.environment().put("RIDER_PASSWORD", PASSWORD);
        node.environment().put("LAT", Double.toString(LAT));
        node.environment().put("LON", Double.toString(LON));
        node.environment().put("SCREENSHOTS", screenshots.toString());
        node.environment().put("TILES", Platform.TILES);
        Process browser = node.start();
        List<String> output = new CopyOnWriteArrayList<>();
        String deliveryId = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(browser.getInputStream(),
                StandardCharsets.UTF_8)); Writer toBrowser = browser.outputWriter(StandardCharsets.UTF_8)) {
            for (String line; (line = lines.readLine()) != null; ) {
                output.add(line);
                System.out.println("[browser] " + line);
                if (line.equals("ONLINE")) {
                    // The rider is online in the app: now a shop asks for a delivery next to them.
                    deliveryId = createDelivery(coordinator, shop);
                    toBrowser.write(deliveryId + "\n");
                    toBrowser.flush();
                }
            }
        } finally {
            if (!browser.waitFor(60, TimeUnit.SECONDS)) {
                browser.destroyForcibly();
            }
        }
        assertEquals(0, browser.exitValue(), "the browser scenario failed:\n" + String.join("\n", output));
        assertTrue(output.contains("DONE"), String.join("\n", output));

        // What the app did is what the platform knows: the shop sees its parcel delivered, with the proof.
        String id = deliveryId;
        await().atMost(Duration.ofSeconds(30)).until(() -> Api.get(platform.merchant.baseUrl()
                + "/api/v1/deliveries/" + id, shop).expect(200).body().path("status").asText(), "DELIVERED"::equals);
        JsonNode proof = Api.get(platform.rider.baseUrl() + "/api/v1/jobs/" + id + "/proof", coordinator)
                .expect(200).body();
        assertEquals("Jo Neighbour", proof.path("recipientName").asText());
        assertEquals("image/jpeg", proof.path("photo").path("contentType").asText());
        for (String screen : List.of("login", "offline", "online-waiting", "offer", "job-to-pickup", "job-to-dropoff",
                "delivered")) {
            try (var files = Files.list(screenshots)) {
                assertTrue(files.anyMatch(f -> f.getFileName().toString().endsWith("-" + screen + ".png")),
                        "no screenshot of " + screen);
            }
        }
    }

    static String merchantToken(String coordinator) {
        String merchantId = Api.post(platform.merchant.baseUrl() + "/api/v1/merchants", coordinator,
                "{\"name\":\"Kirchheim Flowers\"}").expect(201).body().path("id").asText();
        JsonNode client = Api.post(platform.merchant.baseUrl() + "/api/v1/merchants/" + merchantId + "/api-clients",
                coordinator, "{\"name\":\"shop\"}").expect(201).body();
        return Api.postForm(platform.merchant.baseUrl() + "/oauth2/token", "grant_type=client_credentials"
                        + "&client_id=" + enc(client.path("clientId").asText())
                        + "&client_secret=" + enc(client.path("clientSecret").asText()))
                .expect(200).body().path("access_token").asText();
    }

    static String createDelivery(String coordinator, String shop) {
        String body = """
                {"pickup": {"address": "Schwetzinger Str. 60, 69124 Heidelberg",
                            "location": {"lat": %s, "lon": %s}, "contactName": "Kirchheim Flowers"},
                 "dropoff": {"address": "Pleikartsförster Str. 100, 69124 Heidelberg",
                             "location": {"lat": 49.3870, "lon": 8.6700}, "contactName": "Jo"},
                 "parcel": {"weightGrams": 800}}
                """.formatted(LAT - 0.0005, LON - 0.001);
        Api.Reply reply = Api.post(platform.merchant.baseUrl() + "/api/v1/deliveries", shop, body);
        if (reply.status() == 422 && reply.body().toString().toLowerCase().contains("area")) {
            // merchant-service accepts deliveries only inside a service zone: draw one around Heidelberg.
            Api.post(platform.merchant.baseUrl() + "/api/v1/zones", coordinator, """
                    {"name": "Heidelberg", "area": {"type": "Polygon", "coordinates": [[[8.60, 49.36], [8.78, 49.36],
                     [8.78, 49.45], [8.60, 49.45], [8.60, 49.36]]]}}""").expect(201);
            reply = Api.post(platform.merchant.baseUrl() + "/api/v1/deliveries", shop, body);
        }
        return reply.expect(201).body().path("id").asText();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
