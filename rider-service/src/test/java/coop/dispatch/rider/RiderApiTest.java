package coop.dispatch.rider;

import coop.dispatch.commons.security.Roles;
import coop.dispatch.contracts.Events;
import coop.dispatch.contracts.Topics;
import coop.dispatch.contracts.events.DeliveryAssigned;
import coop.dispatch.contracts.events.DeliveryDelivered;
import coop.dispatch.contracts.events.DeliveryPickedUp;
import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.JobOffered;
import coop.dispatch.contracts.events.OfferAccepted;
import coop.dispatch.contracts.events.OfferDeclined;
import coop.dispatch.contracts.events.OfferWithdrawn;
import coop.dispatch.contracts.events.RiderLocation;
import coop.dispatch.contracts.events.RiderOffline;
import coop.dispatch.contracts.events.RiderOnline;
import coop.dispatch.contracts.events.Vehicle;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.quarkus.websockets.next.WebSocketClientConnection;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class RiderApiTest {
    static final String PASSWORD = "correct horse battery";
    static final GeoPoint PICKUP = new GeoPoint(49.4106, 8.6947);
    static final GeoPoint DROPOFF = new GeoPoint(49.4080, 8.6850);
    static KafkaCompanion kafka;

    @TestHTTPResource("/")
    URI root;

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

    record Rider(UUID id, String username, String token) {
    }

    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Admits a rider through the coordinator API, then logs in as that rider. */
    static Rider newRider(String prefix) {
        String username = uniqueName(prefix);
        given().auth().oauth2(coordinatorToken()).contentType(ContentType.JSON)
                .body(Map.of("username", username, "displayName", "Rider " + prefix, "password", PASSWORD,
                        "vehicle", "EBIKE"))
                .when().post("/api/v1/members")
                .then().statusCode(201);
        var login = given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", PASSWORD))
                .when().post("/api/v1/auth/login")
                .then().statusCode(200).extract();
        return new Rider(UUID.fromString(login.path("memberId")), username, login.path("accessToken"));
    }

    static JobOffered offerFor(Rider rider, Instant expiresAt) {
        return new JobOffered(UUID.randomUUID(), UUID.randomUUID(), rider.id(), PICKUP, DROPOFF, 850.5, 180,
                Instant.now(), expiresAt, 640L);
    }

    static void produce(String topicName, String key, Object payload) {
        String json = Events.toJson(Events.envelope(key, payload, Instant.now()));
        kafka.produceStrings().fromRecords(new ProducerRecord<>(topic(topicName), key, json)).awaitCompletion();
    }

    static void offer(JobOffered offer) {
        produce(Topics.DISPATCH_OFFERS, offer.riderId().toString(), offer);
    }

    static void awaitOpenOffer(Rider rider, UUID offerId) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(rider.token()).when().get("/api/v1/riders/me/offers")
                        .then().statusCode(200).body("offerId", hasItem(offerId.toString())));
    }

    /** Waits for an event of the given type and key on a topic and returns its payload. */
    static <T> T awaitEvent(ConsumerTask<String, String> task, String key, Class<T> type) {
        ConsumerRecord<String, String> record = await().atMost(Duration.ofSeconds(20)).until(() -> task.getRecords()
                .stream()
                .filter(r -> key.equals(r.key()) && Events.is(Events.parse(r.value()), type))
                .findFirst().orElse(null), r -> r != null);
        return Events.payload(Events.parse(record.value()), type);
    }

    @Test
    void loginGivesATokenAndRefusesWrongCredentialsAlike() {
        given().contentType(ContentType.JSON)
                .body(Map.of("username", "Coordinator", "password", "test-only-coordinator-passphrase"))
                .when().post("/api/v1/auth/login")
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(3600))
                .body("accessToken", notNullValue())
                .body("memberId", notNullValue())
                .body("roles", hasItems(Roles.COORDINATOR, Roles.MEMBER));

        String wrongPassword = given().contentType(ContentType.JSON)
                .body(Map.of("username", "coordinator", "password", "not the passphrase"))
                .when().post("/api/v1/auth/login")
                .then().statusCode(401).contentType("application/problem+json").extract().path("detail");
        String unknownUser = given().contentType(ContentType.JSON)
                .body(Map.of("username", "nobody-here", "password", "not the passphrase"))
                .when().post("/api/v1/auth/login")
                .then().statusCode(401).contentType("application/problem+json").extract().path("detail");
        assertEquals(wrongPassword, unknownUser, "an unknown name must be refused like a wrong password");

        given().contentType(ContentType.JSON).body(Map.of("username", "coordinator"))
                .when().post("/api/v1/auth/login")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("password"));
    }

    @Test
    void aStillValidTokenIsExchangedForANewOne() {
        Rider rider = newRider("lena");
        var renewed = given().auth().oauth2(rider.token())
                .when().post("/api/v1/auth/refresh")
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(3600))
                .body("memberId", equalTo(rider.id().toString()))
                .body("roles", hasItem(Roles.RIDER))
                .extract();
        given().auth().oauth2(renewed.<String>path("accessToken")).when().get("/api/v1/riders/me")
                .then().statusCode(200).body("username", equalTo(rider.username()));

        given().when().post("/api/v1/auth/refresh")
                .then().statusCode(401).contentType("application/problem+json");
        String expired = Jwt.issuer("https://coopdispatch.coop").subject(rider.id().toString()).upn(rider.username())
                .groups(Set.of(Roles.RIDER)).issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600)).sign();
        given().auth().oauth2(expired).when().post("/api/v1/auth/refresh")
                .then().statusCode(401).contentType("application/problem+json");
        // A valid signature for somebody who is not (or no longer) a member of the cooperative.
        given().auth().oauth2(coordinatorToken()).when().post("/api/v1/auth/refresh")
                .then().statusCode(401).contentType("application/problem+json")
                .body("detail", containsString("no longer active"));
    }

    @Test
    void coordinatorsAdmitMembers() {
        String username = uniqueName("Ana");
        var created = given().auth().oauth2(coordinatorToken()).contentType(ContentType.JSON)
                .body(Map.of("username", username, "displayName", "Ana", "password", PASSWORD, "vehicle", "CARGO_BIKE"))
                .when().post("/api/v1/members")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/members/"))
                .body("username", equalTo(username.toLowerCase()))
                .body("roles", equalTo(List.of(Roles.RIDER, Roles.MEMBER)))
                .body("vehicle", equalTo("CARGO_BIKE"))
                .body("active", equalTo(true))
                .body("$", not(hasKey("passwordHash")))
                .body("$", not(hasKey("password")))
                .extract();
        String id = created.path("id");

        given().auth().oauth2(coordinatorToken()).when().get("/api/v1/members")
                .then().statusCode(200)
                .body("id", hasItem(id))
                .body("find { it.id == '" + id + "' }", not(hasKey("passwordHash")));
        given().auth().oauth2(coordinatorToken()).when().get("/api/v1/members/" + id)
                .then().statusCode(200).body("displayName", equalTo("Ana")).body("$", not(hasKey("passwordHash")));
        given().auth().oauth2(coordinatorToken()).when().get("/api/v1/members/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");

        // The name is taken whatever its case.
        given().auth().oauth2(coordinatorToken()).contentType(ContentType.JSON)
                .body(Map.of("username", username.toUpperCase(), "displayName", "Ana again", "password", PASSWORD,
                        "vehicle", "BIKE"))
                .when().post("/api/v1/members")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("already taken"));
        given().auth().oauth2(coordinatorToken()).contentType(ContentType.JSON)
                .body(Map.of("username", uniqueName("weak"), "displayName", "Weak", "password", "short",
                        "vehicle", "BIKE"))
                .when().post("/api/v1/members")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("password"));
        given().auth().oauth2(coordinatorToken()).contentType(ContentType.JSON)
                .body(Map.of("username", uniqueName("boss"), "displayName", "Boss", "password", PASSWORD,
                        "roles", List.of("merchant")))
                .when().post("/api/v1/members")
                .then().statusCode(400).body("errors.field", hasItem("roles"));
        given().auth().oauth2(coordinatorToken()).contentType(ContentType.JSON)
                .body(Map.of("username", uniqueName("novehicle"), "displayName", "No vehicle", "password", PASSWORD))
                .when().post("/api/v1/members")
                .then().statusCode(400).body("errors.field", hasItem("vehicle"));

        Rider rider = newRider("bea");
        given().auth().oauth2(rider.token()).contentType(ContentType.JSON)
                .body(Map.of("username", uniqueName("sneaky"), "displayName", "Sneaky", "password", PASSWORD,
                        "vehicle", "BIKE"))
                .when().post("/api/v1/members")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(rider.token()).when().get("/api/v1/members").then().statusCode(403);
        given().when().get("/api/v1/members").then().statusCode(401).contentType("application/problem+json");

        given().auth().oauth2(rider.token()).when().get("/api/v1/riders/me")
                .then().statusCode(200)
                .body("id", equalTo(rider.id().toString()))
                .body("username", equalTo(rider.username()))
                .body("vehicle", equalTo("EBIKE"))
                .body("online", equalTo(false))
                .body("$", not(hasKey("passwordHash")));
        given().auth().oauth2(coordinatorToken()).when().get("/api/v1/riders/me").then().statusCode(403);
    }

    @Test
    void goingOnlineAndOfflineIsAnnouncedToDispatch() {
        Rider rider = newRider("carla");
        String key = rider.id().toString();
        ConsumerTask<String, String> status = kafka.consumeStrings().fromTopics(topic(Topics.RIDER_STATUS));

        given().auth().oauth2(rider.token()).contentType(ContentType.JSON)
                .body(Map.of("points", List.of(Map.of("lat", 49.41, "lon", 8.69))))
                .when().post("/api/v1/riders/me/location")
                .then().statusCode(409).contentType("application/problem+json");

        String shiftId = given().auth().oauth2(rider.token()).contentType(ContentType.JSON)
                .body("{\"location\": {\"lat\": 49.4106, \"lon\": 8.6947}}")
                .when().post("/api/v1/riders/me/shift")
                .then().statusCode(201)
                .body("riderId", equalTo(key))
                .body("vehicle", equalTo("EBIKE"))
                .body("startLocation.lat", equalTo(49.4106f))
                .body("endedAt", nullValue())
                .extract().path("id");
        // Going online twice (a retry after a lost answer) returns the same shift.
        given().auth().oauth2(rider.token()).contentType(ContentType.JSON)
                .body("{\"location\": {\"lat\": 49.5, \"lon\": 8.7}}")
                .when().post("/api/v1/riders/me/shift")
                .then().statusCode(200).body("id", equalTo(shiftId));
        given().auth().oauth2(rider.token()).when().get("/api/v1/riders/me")
                .then().statusCode(200).body("online", equalTo(true)).body("shift.id", equalTo(shiftId));

        RiderOnline online = awaitEvent(status, key, RiderOnline.class);
        assertEquals(rider.id(), online.riderId());
        assertEquals(Vehicle.EBIKE, online.vehicle());
        assertEquals(49.4106, online.location().lat(), 1e-9);
        assertEquals(8.6947, online.location().lon(), 1e-9);

        given().auth().oauth2(rider.token()).contentType(ContentType.JSON)
                .body(Map.of("points", List.of(
                        Map.of("lat", 49.4120, "lon", 8.6900, "at", Instant.now().minusSeconds(20).toString()),
                        Map.of("lat", 49.4130, "lon", 8.6910, "at", Instant.now().minusSeconds(10).toString()))))
                .when().post("/api/v1/riders/me/location")
                .then().statusCode(202);
        RiderLocation location = awaitEvent(status, key, RiderLocation.class);
        assertEquals(49.4130, location.location().lat(), 1e-9);
        assertEquals(8.6910, location.location().lon(), 1e-9);

        given().auth().oauth2(rider.token()).contentType(ContentType.JSON).body(Map.of("points", List.of()))
                .when().post("/api/v1/riders/me/location")
                .then().statusCode(400).body("errors.field", hasItem("points"));
        given().auth().oauth2(rider.token()).contentType(ContentType.JSON)
                .body(Map.of("points", List.of(Map.of("lat", 91, "lon", 8.69))))
                .when().post("/api/v1/riders/me/location")
                .then().statusCode(400).body("errors.field", hasItem("points[0].lat"));

        given().auth().oauth2(rider.token()).when().delete("/api/v1/riders/me/shift").then().statusCode(204);
        RiderOffline offline = awaitEvent(status, key, RiderOffline.class);
        assertEquals(rider.id(), offline.riderId());
        given().auth().oauth2(rider.token()).when().delete("/api/v1/riders/me/shift").then().statusCode(204);
        given().auth().oauth2(rider.token()).contentType(ContentType.JSON)
                .body(Map.of("points", List.of(Map.of("lat", 49.41, "lon", 8.69))))
                .when().post("/api/v1/riders/me/location")
                .then().statusCode(409).body("detail", containsString("offline"));
        given().auth().oauth2(rider.token()).when().get("/api/v1/riders/me")
                .then().statusCode(200).body("online", equalTo(false));

        long onlineEvents = status.getRecords().stream()
                .filter(r -> key.equals(r.key()) && Events.is(Events.parse(r.value()), RiderOnline.class)).count();
        assertEquals(1, onlineEvents, "the repeated go-online announces nothing");
    }

    @Test
    void anOfferIsAcceptedOnceAndOnlyByItsRider() {
        Rider ana = newRider("ana");
        Rider bea = newRider("bea");
        ConsumerTask<String, String> responses = kafka.consumeStrings().fromTopics(topic(Topics.OFFER_RESPONSES));
        JobOffered offered = offerFor(ana, Instant.now().plusSeconds(60));
        offer(offered);

        awaitOpenOffer(ana, offered.offerId());
        given().auth().oauth2(ana.token()).when().get("/api/v1/riders/me/offers")
                .then().statusCode(200)
                .body("find { it.offerId == '" + offered.offerId() + "' }.deliveryId",
                        equalTo(offered.deliveryId().toString()))
                .body("find { it.offerId == '" + offered.offerId() + "' }.pickup.lat", equalTo(49.4106f))
                .body("find { it.offerId == '" + offered.offerId() + "' }.pickupSeconds", equalTo(180))
                .body("find { it.offerId == '" + offered.offerId() + "' }.secondsLeft", lessThanOrEqualTo(60));
        given().auth().oauth2(bea.token()).when().get("/api/v1/riders/me/offers")
                .then().statusCode(200).body("offerId", not(hasItem(offered.offerId().toString())));

        given().auth().oauth2(bea.token()).when().post("/api/v1/offers/" + offered.offerId() + "/accept")
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", equalTo("This offer was made to another rider"));
        given().auth().oauth2(ana.token()).when().post("/api/v1/offers/" + UUID.randomUUID() + "/accept")
                .then().statusCode(404).contentType("application/problem+json");

        given().auth().oauth2(ana.token()).when().post("/api/v1/offers/" + offered.offerId() + "/accept")
                .then().statusCode(202)
                .body("offerId", equalTo(offered.offerId().toString()))
                .body("deliveryId", equalTo(offered.deliveryId().toString()))
                .body("status", equalTo("ACCEPTED"));
        OfferAccepted accepted = awaitEvent(responses, offered.deliveryId().toString(), OfferAccepted.class);
        assertEquals(offered.offerId(), accepted.offerId());
        assertEquals(ana.id(), accepted.riderId());

        given().auth().oauth2(ana.token()).when().post("/api/v1/offers/" + offered.offerId() + "/accept")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("already accepted"));
        given().auth().oauth2(ana.token()).when().post("/api/v1/offers/" + offered.offerId() + "/decline")
                .then().statusCode(409);
        given().auth().oauth2(ana.token()).when().get("/api/v1/riders/me/offers")
                .then().statusCode(200).body("offerId", not(hasItem(offered.offerId().toString())));
        given().auth().oauth2(coordinatorToken()).when().post("/api/v1/offers/" + offered.offerId() + "/accept")
                .then().statusCode(403);
    }

    @Test
    void declinedExpiredAndWithdrawnOffers() {
        Rider rider = newRider("dora");
        ConsumerTask<String, String> responses = kafka.consumeStrings().fromTopics(topic(Topics.OFFER_RESPONSES));

        JobOffered toDecline = offerFor(rider, Instant.now().plusSeconds(60));
        offer(toDecline);
        awaitOpenOffer(rider, toDecline.offerId());
        given().auth().oauth2(rider.token()).when().post("/api/v1/offers/" + toDecline.offerId() + "/decline")
                .then().statusCode(202).body("status", equalTo("DECLINED"));
        OfferDeclined declined = awaitEvent(responses, toDecline.deliveryId().toString(), OfferDeclined.class);
        assertEquals(toDecline.offerId(), declined.offerId());
        assertEquals(rider.id(), declined.riderId());

        JobOffered expired = offerFor(rider, Instant.now().minusSeconds(5));
        offer(expired);
        // An expired offer is never listed; once consumed, answering it is refused naming its state.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(rider.token()).when().post("/api/v1/offers/" + expired.offerId() + "/accept")
                        .then().statusCode(409).contentType("application/problem+json")
                        .body("detail", containsString("expired")));
        given().auth().oauth2(rider.token()).when().get("/api/v1/riders/me/offers")
                .then().statusCode(200).body("offerId", not(hasItem(expired.offerId().toString())));

        JobOffered withdrawn = offerFor(rider, Instant.now().plusSeconds(60));
        offer(withdrawn);
        awaitOpenOffer(rider, withdrawn.offerId());
        produce(Topics.DISPATCH_OFFERS, rider.id().toString(), new OfferWithdrawn(withdrawn.offerId(),
                withdrawn.deliveryId(), rider.id(), "delivery cancelled"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(rider.token()).when().get("/api/v1/riders/me/offers")
                        .then().statusCode(200).body("offerId", not(hasItem(withdrawn.offerId().toString()))));
        given().auth().oauth2(rider.token()).when().post("/api/v1/offers/" + withdrawn.offerId() + "/accept")
                .then().statusCode(409).body("detail", containsString("withdrawn"))
                .body("detail", containsString("delivery cancelled"));

        boolean answeredExpiredOrWithdrawn = responses.getRecords().stream()
                .anyMatch(r -> r.key().equals(expired.deliveryId().toString())
                        || r.key().equals(withdrawn.deliveryId().toString()));
        assertFalse(answeredExpiredOrWithdrawn, "a refused answer is not sent to dispatch");
    }

    @Test
    void aRedeliveredOfferEventCountsOnce() {
        Rider rider = newRider("eve");
        JobOffered offered = offerFor(rider, Instant.now().plusSeconds(60));
        String json = Events.toJson(Events.envelope(rider.id().toString(), offered, Instant.now()));
        String topicName = topic(Topics.DISPATCH_OFFERS);
        kafka.produceStrings().fromRecords(
                new ProducerRecord<>(topicName, rider.id().toString(), json),
                new ProducerRecord<>(topicName, rider.id().toString(), json)).awaitCompletion();
        // Same key, same partition: once this later offer is visible, both copies were consumed.
        JobOffered marker = offerFor(rider, Instant.now().plusSeconds(90));
        offer(marker);
        awaitOpenOffer(rider, marker.offerId());

        List<String> offerIds = given().auth().oauth2(rider.token()).when().get("/api/v1/riders/me/offers")
                .then().statusCode(200).extract().path("offerId");
        assertEquals(List.of(offered.offerId().toString(), marker.offerId().toString()), offerIds);
    }

    @Test
    void anAssignedJobIsPickedUpThenDelivered() {
        Rider ana = newRider("fay");
        Rider bea = newRider("gus");
        ConsumerTask<String, String> status = kafka.consumeStrings().fromTopics(topic(Topics.DELIVERY_STATUS));
        given().auth().oauth2(ana.token()).contentType(ContentType.JSON)
                .body("{\"location\": {\"lat\": 49.41, \"lon\": 8.69}}")
                .when().post("/api/v1/riders/me/shift").then().statusCode(201);
        JobOffered offered = offerFor(ana, Instant.now().plusSeconds(60));
        offer(offered);
        awaitOpenOffer(ana, offered.offerId());
        given().auth().oauth2(ana.token()).when().post("/api/v1/offers/" + offered.offerId() + "/accept")
                .then().statusCode(202);

        String deliveryId = offered.deliveryId().toString();
        // An assignment naming another rider's offer is not a job for anyone.
        produce(Topics.DELIVERY_STATUS, deliveryId, new DeliveryAssigned(offered.deliveryId(), bea.id(),
                offered.offerId(), Instant.now()));
        produce(Topics.DELIVERY_STATUS, deliveryId, new DeliveryAssigned(offered.deliveryId(), ana.id(),
                offered.offerId(), Instant.now()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(ana.token()).when().get("/api/v1/riders/me/jobs")
                        .then().statusCode(200)
                        .body("deliveryId", hasItem(deliveryId))
                        .body("find { it.deliveryId == '" + deliveryId + "' }.status", equalTo("ASSIGNED"))
                        .body("find { it.deliveryId == '" + deliveryId + "' }.pickup.lat", equalTo(49.4106f))
                        .body("find { it.deliveryId == '" + deliveryId + "' }.dropoff.lon", equalTo(8.685f)));
        given().auth().oauth2(bea.token()).when().get("/api/v1/riders/me/jobs")
                .then().statusCode(200).body("$", empty());

        given().auth().oauth2(ana.token()).when().post("/api/v1/jobs/" + deliveryId + "/deliver")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("ASSIGNED"));
        given().auth().oauth2(bea.token()).when().post("/api/v1/jobs/" + deliveryId + "/pickup")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(ana.token()).when().post("/api/v1/jobs/" + UUID.randomUUID() + "/pickup")
                .then().statusCode(404);
        given().auth().oauth2(ana.token()).when().delete("/api/v1/riders/me/shift")
                .then().statusCode(409).body("detail", containsString("finish it"));

        given().auth().oauth2(ana.token()).when().post("/api/v1/jobs/" + deliveryId + "/pickup")
                .then().statusCode(200).body("status", equalTo("PICKED_UP")).body("pickedUpAt", notNullValue());
        given().auth().oauth2(ana.token()).when().post("/api/v1/jobs/" + deliveryId + "/pickup")
                .then().statusCode(409).body("detail", containsString("PICKED_UP"));
        DeliveryPickedUp pickedUp = awaitEvent(status, deliveryId, DeliveryPickedUp.class);
        assertEquals(ana.id(), pickedUp.riderId());

        given().auth().oauth2(ana.token()).when().post("/api/v1/jobs/" + deliveryId + "/deliver")
                .then().statusCode(200).body("status", equalTo("DELIVERED")).body("deliveredAt", notNullValue());
        DeliveryDelivered delivered = awaitEvent(status, deliveryId, DeliveryDelivered.class);
        assertEquals(ana.id(), delivered.riderId());
        given().auth().oauth2(ana.token()).when().post("/api/v1/jobs/" + deliveryId + "/deliver")
                .then().statusCode(409).body("detail", containsString("DELIVERED"));

        // Our own events came back on delivery-status: the job stays as it is, and the rider may go home.
        given().auth().oauth2(ana.token()).when().get("/api/v1/riders/me/jobs")
                .then().statusCode(200).body("$", hasSize(1)).body("[0].status", equalTo("DELIVERED"));
        given().auth().oauth2(ana.token()).when().delete("/api/v1/riders/me/shift").then().statusCode(204);
    }

    WebSocketClientConnection live(Rider rider, List<JsonObject> received) {
        return BasicWebSocketConnector.create()
                .baseUri(root)
                .path("/api/v1/riders/me/live")
                .addHeader("Authorization", "Bearer " + rider.token())
                .executionModel(BasicWebSocketConnector.ExecutionModel.NON_BLOCKING)
                .onTextMessage((connection, text) -> received.add(new JsonObject(text)))
                .connectAndAwait();
    }

    static JsonObject awaitMessage(List<JsonObject> received, String type, String offerId) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> received.stream()
                .filter(m -> type.equals(m.getString("type"))
                        && (offerId == null || offerId.equals(m.getString("offerId"))))
                .findFirst().orElse(null), m -> m != null);
    }

    @Test
    void aBatchOfOfferEventsStoresEachOfferOnceForItsOwnRider() {
        Rider ana = newRider("jana");
        Rider bea = newRider("kira");
        List<JsonObject> toAna = new CopyOnWriteArrayList<>();
        WebSocketClientConnection anaConnection = live(ana, toAna);
        try {
            awaitMessage(toAna, "Connected", null);
            JobOffered first = offerFor(ana, Instant.now().plusSeconds(60));
            JobOffered withdrawnAtOnce = offerFor(ana, Instant.now().plusSeconds(65));
            JobOffered unpaid = new JobOffered(UUID.randomUUID(), UUID.randomUUID(), ana.id(), PICKUP, DROPOFF, 300,
                    60, Instant.now(), Instant.now().plusSeconds(70), null);
            JobOffered toBea = offerFor(bea, Instant.now().plusSeconds(60));
            JobOffered toNobody = new JobOffered(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), PICKUP,
                    DROPOFF, 300, 60, Instant.now(), Instant.now().plusSeconds(60), 500L);
            // One key, one partition, produced together: the consumer gets them in order, most likely in one batch.
            // The same offer twice under two event ids (the inbox cannot tell them apart), an offer to a rider this
            // service does not know, and an offer withdrawn right after it was made.
            String key = ana.id().toString();
            String topicName = topic(Topics.DISPATCH_OFFERS);
            List<Object> events = List.of(first, toNobody, withdrawnAtOnce, first, toBea, unpaid,
                    new OfferWithdrawn(withdrawnAtOnce.offerId(), withdrawnAtOnce.deliveryId(), ana.id(), "taken"));
            kafka.produceStrings().fromRecords(events.stream()
                    .map(e -> new ProducerRecord<>(topicName, key, Events.toJson(Events.envelope(key, e,
                            Instant.now()))))
                    .toList()).awaitCompletion();
            JobOffered marker = offerFor(ana, Instant.now().plusSeconds(90));
            offer(marker);
            awaitOpenOffer(ana, marker.offerId());
            awaitMessage(toAna, "JobOffered", marker.offerId().toString());

            given().auth().oauth2(ana.token()).when().get("/api/v1/riders/me/offers")
                    .then().statusCode(200)
                    .body("offerId", equalTo(List.of(first.offerId().toString(), unpaid.offerId().toString(),
                            marker.offerId().toString())))
                    .body("[1].riderPayCents", nullValue())
                    .body("[1].pickupSeconds", equalTo(60));
            given().auth().oauth2(bea.token()).when().get("/api/v1/riders/me/offers")
                    .then().statusCode(200).body("offerId", equalTo(List.of(toBea.offerId().toString())));
            List<String> pushedOffers = toAna.stream().filter(m -> "JobOffered".equals(m.getString("type")))
                    .map(m -> m.getString("offerId")).toList();
            assertEquals(List.of(first.offerId().toString(), withdrawnAtOnce.offerId().toString(),
                    unpaid.offerId().toString(), marker.offerId().toString()), pushedOffers);
            assertEquals("taken", awaitMessage(toAna, "OfferWithdrawn", withdrawnAtOnce.offerId().toString())
                    .getString("reason"));
        } finally {
            anaConnection.closeAndAwait();
        }
    }

    @Test
    void offersArePushedToTheRidersOpenConnections() {
        Rider ana = newRider("hana");
        Rider bea = newRider("ines");
        JobOffered earlier = offerFor(ana, Instant.now().plusSeconds(120));
        offer(earlier);
        awaitOpenOffer(ana, earlier.offerId());

        List<JsonObject> toAna = new CopyOnWriteArrayList<>();
        List<JsonObject> toBea = new CopyOnWriteArrayList<>();
        WebSocketClientConnection anaConnection = live(ana, toAna);
        WebSocketClientConnection beaConnection = live(bea, toBea);
        try {
            JsonObject hello = awaitMessage(toAna, "Connected", null);
            assertEquals(ana.id().toString(), hello.getString("riderId"));
            assertEquals(earlier.offerId().toString(),
                    hello.getJsonArray("offers").getJsonObject(0).getString("offerId"));
            awaitMessage(toBea, "Connected", null);

            JobOffered offered = offerFor(ana, Instant.now().plusSeconds(60));
            offer(offered);
            JsonObject pushed = awaitMessage(toAna, "JobOffered", offered.offerId().toString());
            assertEquals(offered.deliveryId().toString(), pushed.getString("deliveryId"));
            assertEquals("OPEN", pushed.getString("status"));
            assertEquals(49.4106, pushed.getJsonObject("pickup").getDouble("lat"), 1e-9);
            assertTrue(pushed.getLong("secondsLeft") > 0);
            assertEquals(640L, pushed.getLong("riderPayCents"));

            produce(Topics.DISPATCH_OFFERS, ana.id().toString(), new OfferWithdrawn(offered.offerId(),
                    offered.deliveryId(), ana.id(), "timed out"));
            JsonObject withdrawn = awaitMessage(toAna, "OfferWithdrawn", offered.offerId().toString());
            assertEquals("timed out", withdrawn.getString("reason"));

            assertTrue(toBea.stream().allMatch(m -> "Connected".equals(m.getString("type"))),
                    "another rider hears nothing of Ana's offers: " + toBea);
        } finally {
            anaConnection.closeAndAwait();
            beaConnection.closeAndAwait();
        }
    }

    @Test
    void theLiveConnectionNeedsARiderToken() {
        assertThrows(RuntimeException.class, () -> BasicWebSocketConnector.create()
                .baseUri(root).path("/api/v1/riders/me/live").connectAndAwait());
        assertThrows(RuntimeException.class, () -> BasicWebSocketConnector.create()
                .baseUri(root).path("/api/v1/riders/me/live")
                .addHeader("Authorization", "Bearer " + coordinatorToken()).connectAndAwait());
        assertThrows(RuntimeException.class, () -> BasicWebSocketConnector.create()
                .baseUri(root).path("/api/v1/riders/me/live")
                .addHeader("Authorization", "Bearer not-a-token").connectAndAwait());

        // A browser cannot set Authorization on the upgrade: it passes the token as a subprotocol.
        Rider rider = newRider("jo");
        List<JsonObject> received = new CopyOnWriteArrayList<>();
        WebSocketClientConnection connection = BasicWebSocketConnector.create()
                .baseUri(root).path("/api/v1/riders/me/live")
                .addSubprotocol("bearer-token-carrier")
                .addSubprotocol("quarkus-http-upgrade#Authorization#"
                        + URLEncoder.encode("Bearer " + rider.token(), StandardCharsets.UTF_8))
                .executionModel(BasicWebSocketConnector.ExecutionModel.NON_BLOCKING)
                .onTextMessage((c, text) -> received.add(new JsonObject(text)))
                .connectAndAwait();
        try {
            assertEquals("bearer-token-carrier", connection.subprotocol());
            JsonObject hello = awaitMessage(received, "Connected", null);
            assertEquals(rider.id().toString(), hello.getString("riderId"));
        } finally {
            connection.closeAndAwait();
        }
    }
}
