package coop.dispatch.merchant;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static coop.dispatch.merchant.MerchantApiTest.createDelivery;
import static coop.dispatch.merchant.MerchantApiTest.deliveryJson;
import static coop.dispatch.merchant.MerchantApiTest.newMerchantToken;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Webhooks as in production, where only public endpoints may be targeted (the other tests allow local receivers):
 * internal URLs are refused at registration, and a webhook whose host has come to mean an internal address is
 * refused again at every send.
 */
@QuarkusTest
@TestProfile(WebhookTargetRefusalTest.PublicTargetsOnly.class)
class WebhookTargetRefusalTest {
    public static class PublicTargetsOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("coop.webhooks.allow-private-targets", "false");
        }
    }

    HttpServer receiver;
    final AtomicInteger received = new AtomicInteger();

    @AfterEach
    void stopReceiver() {
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    static String hook(String url) {
        return "{\"url\": \"" + url + "\", \"events\": [\"cancelled\"]}";
    }

    @Test
    void internalTargetsAreRefusedAtRegistrationNamingTheUrlAndNothingIsStored() {
        String token = newMerchantToken("SSRF shop");
        Map<String, String> refused = Map.of(
                "http://127.0.0.1:8081/api/v1/deliveries", "127.0.0.1, a loopback address",
                "http://169.254.169.254/latest/meta-data/", "169.254.169.254, a link-local address",
                "http://10.0.0.1/", "10.0.0.1, a private address (RFC 1918)",
                "ftp://example.org/x", "must be an absolute http(s) URL",
                "http://localhost:15432/", "localhost is this machine",
                "http://[::ffff:127.0.0.1]:8081/", "a loopback address",
                "http://2130706433/", "ambiguous IPv4 address",
                "https://user:secret@example.org/hook", "must not carry credentials");
        refused.forEach((url, reason) -> given().auth().oauth2(token).contentType(ContentType.JSON).body(hook(url))
                .when().post("/api/v1/webhooks")
                .then().statusCode(422).contentType("application/problem+json")
                .body("title", equalTo("Webhook target refused"))
                .body("errors.field", equalTo(List.of("url")))
                .body("errors[0].message", containsString(reason)));
        given().auth().oauth2(token).when().get("/api/v1/webhooks").then().statusCode(200).body("id", hasSize(0));

        // A public address is accepted (nothing is sent until a subscribed status change happens).
        given().auth().oauth2(token).contentType(ContentType.JSON).body(hook("https://93.184.215.14/hook"))
                .when().post("/api/v1/webhooks").then().statusCode(201);
        given().auth().oauth2(token).when().get("/api/v1/webhooks").then().body("id", hasSize(1));
    }

    @Test
    void aWebhookWhoseHostNowMeansAnInternalAddressIsRefusedAtEverySend() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        String token = newMerchantToken("Rebinding shop");
        String hookId = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(hook("http://93.184.215.14/hook"))
                .when().post("/api/v1/webhooks").then().statusCode(201).extract().path("id");
        // What DNS rebinding achieves: the stored target, checked at registration, now leads to this machine.
        String local = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        QuarkusTransaction.requiringNew().run(() ->
                assertEquals(1, Webhook.update("url = ?1 where id = ?2", local, UUID.fromString(hookId))));

        String id = createDelivery(token, deliveryJson(49.4106, 8.6947, ""));
        given().auth().oauth2(token).when().post("/api/v1/deliveries/" + id + "/cancel").then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(token).when().get("/api/v1/webhooks/" + hookId + "/deliveries")
                        .then().statusCode(200)
                        .body("[0].deliveryId", equalTo(id))
                        .body("[0].attemptLog", hasSize(greaterThanOrEqualTo(2)))
                        .body("attemptLog[0].statusCode", everyItem(nullValue()))
                        .body("[0].attemptLog[0].error", startsWith("Refused: 127.0.0.1, a loopback address"))
                        .body("[0].attemptLog[1].error", startsWith("Refused: 127.0.0.1, a loopback address")));
        assertEquals(0, received.get(), "nothing reached the local receiver");
    }
}
