package coop.dispatch.merchant;

import com.sun.net.httpserver.HttpServer;
import coop.dispatch.contracts.events.DeliveryAssigned;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static coop.dispatch.merchant.MerchantApiTest.createDelivery;
import static coop.dispatch.merchant.MerchantApiTest.deliveryJson;
import static coop.dispatch.merchant.MerchantApiTest.newMerchantToken;
import static coop.dispatch.merchant.MerchantApiTest.produceStatus;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Webhooks against a real HTTP receiver started here: signature, retry after a failure, the attempt log. */
@QuarkusTest
class WebhookTest {
    record Received(Map<String, List<String>> headers, String body, int answered) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    HttpServer receiver;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger calls = new AtomicInteger();

    @BeforeAll
    static void connect() {
        MerchantApiTest.connect();
    }

    @AfterAll
    static void close() {
        MerchantApiTest.close();
    }

    @AfterEach
    void stopReceiver() {
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    /** A receiver that fails the first call with 500 and accepts the rest. */
    String startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int status = calls.incrementAndGet() == 1 ? 500 : 204;
            received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    static String hmac(String secret, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void statusChangesArePostedSignedAndRetriedAfterAFailure() throws Exception {
        String url = startReceiver();
        String token = newMerchantToken("Webhook shop");
        var hook = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"url\": \"" + url + "\", \"events\": [\"assigned\", \"cancelled\"]}")
                .when().post("/api/v1/webhooks")
                .then().statusCode(201).body("secret", startsWith("whsec_"))
                .body("events", equalTo(List.of("assigned", "cancelled"))).extract();
        String hookId = hook.path("id");
        String secret = hook.path("secret");
        given().auth().oauth2(token).when().get("/api/v1/webhooks")
                .then().statusCode(200).body("id", hasItem(hookId)).body("[0].secret", nullValue());

        String id = createDelivery(token, deliveryJson(49.4106, 8.6947, ""));
        produceStatus(id, new DeliveryAssigned(UUID.fromString(id), UUID.randomUUID(), UUID.randomUUID(),
                Instant.now()));

        // First call answered 500, the retry (after about a second in tests) 204.
        await().atMost(Duration.ofSeconds(60)).until(() -> received.size() >= 2);
        Received first = received.get(0);
        Received retry = received.get(1);
        assertEquals(first.body(), retry.body(), "a retry sends the same notification");
        assertEquals(first.header("X-Coop-Message-Id"), retry.header("X-Coop-Message-Id"));
        for (Received r : List.of(first, retry)) {
            String timestamp = r.header("X-Coop-Timestamp");
            assertEquals("sha256=" + hmac(secret, timestamp + "." + r.body()), r.header("X-Coop-Signature"),
                    "signature over timestamp.body");
            assertEquals("assigned", r.header("X-Coop-Event"));
            assertTrue(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) < 300);
        }
        assertTrue(first.body().contains("\"event\":\"assigned\"") && first.body().contains(id), first.body());

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(token).when().get("/api/v1/webhooks/" + hookId + "/deliveries")
                        .then().statusCode(200)
                        .body("[0].deliveryId", equalTo(id))
                        .body("[0].event", equalTo("assigned"))
                        .body("[0].state", equalTo("SUCCEEDED"))
                        .body("[0].attempts", equalTo(2))
                        .body("[0].attemptLog.statusCode", equalTo(List.of(500, 204)))
                        .body("[0].attemptLog[0].error", equalTo("HTTP 500")));

        // Cancelling is a status change too; "delivered" was not subscribed, so only this one more arrives.
        given().auth().oauth2(token).when().post("/api/v1/deliveries/" + id + "/cancel").then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> received.size() >= 3);
        assertEquals("cancelled", received.get(2).header("X-Coop-Event"));
    }

    @Test
    void theSenderKeepsTheHostNameOfTheUrlAndFollowsNoRedirect() throws Exception {
        AtomicInteger redirected = new AtomicInteger();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), "", 302));
            exchange.getResponseHeaders().add("Location", "/elsewhere");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        receiver.createContext("/elsewhere", exchange -> {
            redirected.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        // A name, not an address: the sender resolves and checks it, connects to the address, and says the name.
        String host = "localhost:" + receiver.getAddress().getPort();
        String token = newMerchantToken("Redirecting shop");
        String hookId = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"url\": \"http://" + host + "/hook\", \"events\": [\"cancelled\"]}")
                .when().post("/api/v1/webhooks").then().statusCode(201).extract().path("id");
        String id = createDelivery(token, deliveryJson(49.4106, 8.6947, ""));
        given().auth().oauth2(token).when().post("/api/v1/deliveries/" + id + "/cancel").then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(token).when().get("/api/v1/webhooks/" + hookId + "/deliveries")
                        .then().statusCode(200)
                        .body("[0].attemptLog[0].statusCode", equalTo(302))
                        .body("[0].attemptLog[0].error", equalTo("HTTP 302")));
        assertEquals(host, received.get(0).header("Host"));
        assertEquals(0, redirected.get(), "the redirect was not followed");
    }

    @Test
    void aDeadEndpointIsRetriedWithoutBlockingAndWebhooksAreTheMerchantsOwn() {
        String token = newMerchantToken("Dead endpoint shop");
        // Nothing listens on port 9 (discard) here: every attempt fails at once.
        String hookId = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"url\": \"http://127.0.0.1:9/hook\", \"events\": [\"cancelled\"]}")
                .when().post("/api/v1/webhooks").then().statusCode(201).extract().path("id");
        String id = createDelivery(token, deliveryJson(49.4106, 8.6947, ""));
        given().auth().oauth2(token).when().post("/api/v1/deliveries/" + id + "/cancel").then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(token).when().get("/api/v1/webhooks/" + hookId + "/deliveries")
                        .then().body("[0].state", equalTo("PENDING")).body("[0].attemptLog", hasSize(2)));
        // Meanwhile the API answers as usual.
        createDelivery(token, deliveryJson(49.4106, 8.6947, ""));

        String other = newMerchantToken("Snooping shop");
        given().auth().oauth2(other).when().get("/api/v1/webhooks/" + hookId).then().statusCode(404);
        given().auth().oauth2(other).when().get("/api/v1/webhooks/" + hookId + "/deliveries").then().statusCode(404);
        given().auth().oauth2(other).when().delete("/api/v1/webhooks/" + hookId).then().statusCode(404);

        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"url\": \"ftp://example.org/x\", \"events\": [\"assigned\"]}")
                .when().post("/api/v1/webhooks").then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("url"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"url\": \"https://example.org/x\", \"events\": [\"exploded\"]}")
                .when().post("/api/v1/webhooks").then().statusCode(400).body("errors.field", hasItem("events"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"url\": \"https://example.org/x\"}")
                .when().post("/api/v1/webhooks").then().statusCode(400).body("errors.field", hasItem("events"));
        given().auth().oauth2(token).when().get("/api/v1/webhooks").then().body("id", equalTo(List.of(hookId)));

        given().auth().oauth2(token).when().delete("/api/v1/webhooks/" + hookId).then().statusCode(204);
        given().auth().oauth2(token).when().get("/api/v1/webhooks/" + hookId).then().statusCode(404);
        given().auth().oauth2(token).when().get("/api/v1/webhooks").then().body("id", hasSize(0));
        given().when().get("/api/v1/webhooks").then().statusCode(401);
    }
}
