package coop.dispatch.merchant;

import coop.dispatch.commons.security.Roles;
import coop.dispatch.contracts.EventEnvelope;
import coop.dispatch.contracts.Events;
import coop.dispatch.contracts.Topics;
import coop.dispatch.contracts.events.DeliveryAssigned;
import coop.dispatch.contracts.events.DeliveryRequested;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(RoutingStub.class)
class MerchantApiTest {
    /** The service area every test delivers in: central Heidelberg, [lon, lat] as GeoJSON wants. */
    static final String HEIDELBERG = """
            {"type": "Polygon", "coordinates": [[[8.60, 49.36], [8.76, 49.36], [8.76, 49.45], [8.60, 49.45],
             [8.60, 49.36]]]}""";
    static final String ZONE_NAME = "Heidelberg (tests)";

    static KafkaCompanion kafka;

    @BeforeAll
    static void connect() {
        kafka = new KafkaCompanion(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    static String topic(String name) {
        return ConfigProvider.getConfig().getOptionalValue("coop.kafka.topic-prefix", String.class).orElse("") + name;
    }

    static String coordinatorToken() {
        return Jwt.issuer("https://coopdispatch.coop").subject(UUID.randomUUID().toString()).upn("coordinator")
                .groups(Set.of(Roles.COORDINATOR, Roles.MEMBER)).sign();
    }

    /** Creates a merchant with an API client through the coordinator API; returns {clientId, secret}. */
    static String[] newMerchantClient(String name) {
        String merchantId = given().auth().oauth2(coordinatorToken()).contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\"}")
                .when().post("/api/v1/merchants")
                .then().statusCode(201).body("name", equalTo(name)).extract().path("id");
        var client = given().auth().oauth2(coordinatorToken()).contentType(ContentType.JSON)
                .body("{\"name\":\"shop system\"}")
                .when().post("/api/v1/merchants/" + merchantId + "/api-clients")
                .then().statusCode(201).body("clientId", startsWith("mc_")).extract();
        return new String[]{client.path("clientId"), client.path("clientSecret")};
    }

    /** Makes sure the Heidelberg test zone exists (a test about "no zone at all" removes every zone for a moment). */
    static void ensureZone() {
        List<String> names = given().auth().oauth2(coordinatorToken()).when().get("/api/v1/zones")
                .then().statusCode(200).extract().path("name");
        if (!names.contains(ZONE_NAME)) {
            given().auth().oauth2(coordinatorToken()).contentType(ContentType.JSON)
                    .body("{\"name\": \"" + ZONE_NAME + "\", \"area\": " + HEIDELBERG + "}")
                    .when().post("/api/v1/zones").then().statusCode(201);
        }
    }

    /** A new merchant with an API client, the test zone in place, and a token of that client. */
    static String newMerchantToken(String name) {
        ensureZone();
        return merchantToken(newMerchantClient(name));
    }

    static String createDelivery(String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/deliveries").then().statusCode(201).extract().path("id");
    }

    static int countDeliveries(String token) {
        return given().auth().oauth2(token).when().get("/api/v1/deliveries?limit=200")
                .then().statusCode(200).extract().path("items.size()");
    }

    static void produceStatus(String deliveryId, Object payload) {
        kafka.produceStrings().fromRecords(new ProducerRecord<>(topic(Topics.DELIVERY_STATUS), deliveryId,
                Events.toJson(Events.envelope(deliveryId, payload, Instant.now())))).awaitCompletion();
    }

    static void awaitStatus(String token, String deliveryId, String status) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(token).when().get("/api/v1/deliveries/" + deliveryId)
                        .then().statusCode(200).body("status", equalTo(status)));
    }

    static String merchantToken(String[] client) {
        return given().formParam("grant_type", "client_credentials")
                .formParam("client_id", client[0]).formParam("client_secret", client[1])
                .when().post("/oauth2/token")
                .then().statusCode(200).body("token_type", equalTo("Bearer")).body("expires_in", equalTo(3600))
                .extract().path("access_token");
    }

    static String deliveryJson(double pickupLat, double pickupLon, String extra) {
        return """
                {"pickup": {"address": "Hauptstraße 120, Heidelberg", "location": {"lat": %s, "lon": %s},
                            "contactName": "Café Rossi", "phone": "+49 6221 000000"},
                 "dropoff": {"address": "Bergheimer Str. 20, Heidelberg", "location": {"lat": 49.4080, "lon": 8.6850},
                             "contactName": "Ana", "notes": "2nd floor"},
                 "parcel": {"weightGrams": 1800}, "reference": "order-42" %s}
                """.formatted(pickupLat, pickupLon, extra);
    }

    @Test
    void tokenEndpointFollowsOAuth2ClientCredentials() {
        String[] client = newMerchantClient("Token shop");
        String basic = given().auth().preemptive().basic(client[0], client[1])
                .formParam("grant_type", "client_credentials")
                .when().post("/oauth2/token")
                .then().statusCode(200).header("Cache-Control", "no-store").extract().path("access_token");
        assertEquals(3, basic.split("\\.").length, "a signed JWT has three parts");

        given().formParam("grant_type", "client_credentials")
                .formParam("client_id", client[0]).formParam("client_secret", "wrong")
                .when().post("/oauth2/token")
                .then().statusCode(401).contentType("application/problem+json").body("error", equalTo("invalid_client"));
        given().formParam("grant_type", "password").formParam("client_id", client[0])
                .formParam("client_secret", client[1])
                .when().post("/oauth2/token")
                .then().statusCode(400).body("error", equalTo("unsupported_grant_type"));
    }

    @Test
    void createdDeliveryIsStoredAndAnnouncedOnKafka() {
        String token = newMerchantToken("Café Rossi");
        ConsumerTask<String, String> requests = kafka.consumeStrings().fromTopics(topic(Topics.DELIVERY_REQUESTS));

        var created = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(deliveryJson(49.4106, 8.6947, ""))
                .when().post("/api/v1/deliveries")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/deliveries/"))
                .body("status", equalTo("REQUESTED"))
                .body("pickup.location.lat", equalTo(49.4106f))
                .body("dropoff.notes", equalTo("2nd floor"))
                .body("parcel.weightGrams", equalTo(1800))
                .extract();
        UUID id = UUID.fromString(created.path("id"));

        ConsumerRecord<String, String> record = awaitRecord(requests, id.toString());
        EventEnvelope envelope = Events.parse(record.value());
        DeliveryRequested event = Events.payload(envelope, DeliveryRequested.class);
        assertEquals(id, event.deliveryId());
        assertEquals(49.4106, event.pickup().lat(), 1e-9);
        assertEquals(8.6850, event.dropoff().lon(), 1e-9);
        assertEquals(1800, event.weightGrams());
        // The event carries the price fixed here, with the policy version used.
        assertEquals(((Number) created.path("price.amountCents")).longValue(), event.priceCents());
        assertEquals(((Number) created.path("price.riderPayCents")).longValue(), event.riderPayCents());
        assertEquals(created.<String>path("price.policyVersion"), event.pricingVersion());
        assertTrue(event.priceCents() > 0 && event.riderPayCents() > 0 && event.riderPayCents() <= event.priceCents());

        given().auth().oauth2(token).when().get("/api/v1/deliveries/" + id)
                .then().statusCode(200).body("id", equalTo(id.toString())).body("history.status", hasItem("REQUESTED"));
        given().auth().oauth2(token).when().get("/api/v1/deliveries")
                .then().statusCode(200).body("items.id", hasItem(id.toString()));
    }

    @Test
    void badInputIsRefusedWithProblemDetailsAndNothingIsStored() {
        String token = newMerchantToken("Careful shop");

        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"pickup\": ")
                .when().post("/api/v1/deliveries")
                .then().statusCode(400).contentType("application/problem+json").body("title", equalTo("Malformed JSON"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"dropoff\": {\"address\": \"x\"}}")
                .when().post("/api/v1/deliveries")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("pickup")).body("errors.field", hasItem("dropoff.location"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(deliveryJson(95.0, 8.69, ""))
                .when().post("/api/v1/deliveries")
                .then().statusCode(400).body("errors.field", hasItem("pickup.location.lat"))
                .body("detail", containsString("latitude must be between -90 and 90"));
        Instant soon = Instant.now().plusSeconds(3600);
        String inverted = deliveryJson(49.41, 8.69, "").replace("\"contactName\": \"Ana\"",
                "\"contactName\": \"Ana\", \"after\": \"" + soon + "\", \"before\": \"" + soon.minusSeconds(600) + "\"");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(inverted)
                .when().post("/api/v1/deliveries")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("dropoff.before"));

        given().auth().oauth2(token).when().get("/api/v1/deliveries").then().statusCode(200)
                .body("items", hasSize(0));
    }

    @Test
    void aMerchantSeesOnlyItsOwnDeliveriesAndEveryEndpointNeedsTheRightToken() {
        String alice = newMerchantToken("Alice's bakery");
        String bob = merchantToken(newMerchantClient("Bob's books"));
        String id = given().auth().oauth2(alice).contentType(ContentType.JSON).body(deliveryJson(49.41, 8.69, ""))
                .when().post("/api/v1/deliveries").then().statusCode(201).extract().path("id");

        given().auth().oauth2(bob).when().get("/api/v1/deliveries/" + id)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(bob).when().get("/api/v1/deliveries").then().statusCode(200).body("items", hasSize(0));
        given().when().get("/api/v1/deliveries/" + id)
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2("not-a-token").when().get("/api/v1/deliveries")
                .then().statusCode(401);
        given().auth().oauth2(coordinatorToken()).when().get("/api/v1/deliveries")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(alice).contentType(ContentType.JSON).body("{\"name\":\"sneaky\"}")
                .when().post("/api/v1/merchants").then().statusCode(403);
    }

    @Test
    void revokedClientLosesAccessAtOnce() {
        String[] client = newMerchantClient("Short-lived shop");
        String token = merchantToken(client);
        String merchantId = given().auth().oauth2(coordinatorToken()).when().get("/api/v1/merchants")
                .then().statusCode(200).extract().path("find { it.name == 'Short-lived shop' }.id");

        given().auth().oauth2(coordinatorToken())
                .when().delete("/api/v1/merchants/" + merchantId + "/api-clients/" + client[0])
                .then().statusCode(200).body("revokedAt", notNullValue());

        given().auth().oauth2(token).when().get("/api/v1/deliveries").then().statusCode(401);
        given().formParam("grant_type", "client_credentials")
                .formParam("client_id", client[0]).formParam("client_secret", client[1])
                .when().post("/oauth2/token").then().statusCode(401);
    }

    @Test
    void statusEventsMoveTheDeliveryForwardOnceEach() {
        String token = newMerchantToken("Status shop");
        String id = given().auth().oauth2(token).contentType(ContentType.JSON).body(deliveryJson(49.41, 8.69, ""))
                .when().post("/api/v1/deliveries").then().statusCode(201).extract().path("id");
        UUID riderId = UUID.randomUUID();
        EventEnvelope assigned = Events.envelope(id, new DeliveryAssigned(UUID.fromString(id), riderId,
                UUID.randomUUID(), Instant.now()), Instant.now());
        String json = Events.toJson(assigned);
        // The same event twice, as Kafka may deliver it: it must count once.
        kafka.produceStrings().fromRecords(
                new ProducerRecord<>(topic(Topics.DELIVERY_STATUS), id, json),
                new ProducerRecord<>(topic(Topics.DELIVERY_STATUS), id, json)).awaitCompletion();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(token).when().get("/api/v1/deliveries/" + id)
                        .then().statusCode(200).body("status", equalTo("ASSIGNED"))
                        .body("riderId", equalTo(riderId.toString())));
        List<String> history = given().auth().oauth2(token).when().get("/api/v1/deliveries/" + id)
                .then().extract().path("history.status");
        assertEquals(List.of("REQUESTED", "ASSIGNED"), history);
    }

    static ConsumerRecord<String, String> awaitRecord(ConsumerTask<String, String> task, String key) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> task.getRecords().stream()
                .filter(r -> key.equals(r.key())).findFirst().orElse(null), r -> r != null);
    }
}
