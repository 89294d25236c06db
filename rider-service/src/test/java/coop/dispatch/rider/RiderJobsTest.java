package coop.dispatch.rider;

import coop.dispatch.contracts.Events;
import coop.dispatch.contracts.Topics;
import coop.dispatch.contracts.events.DeliveryAssigned;
import coop.dispatch.contracts.events.DeliveryCancelled;
import coop.dispatch.contracts.events.DeliveryDelivered;
import coop.dispatch.contracts.events.DeliveryFailed;
import coop.dispatch.contracts.events.DeliveryRequested;
import coop.dispatch.contracts.events.JobOffered;
import coop.dispatch.contracts.events.StopDetails;
import coop.dispatch.rider.RiderApiTest.Rider;
import coop.dispatch.rider.service.DeliveryStops;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static coop.dispatch.rider.RiderApiTest.DROPOFF;
import static coop.dispatch.rider.RiderApiTest.PICKUP;
import static coop.dispatch.rider.RiderApiTest.coordinatorToken;
import static coop.dispatch.rider.RiderApiTest.newRider;
import static coop.dispatch.rider.RiderApiTest.topic;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Job failure, proof of delivery, pay and earnings, the location trail, the queue position and the app's files. */
@QuarkusTest
@QuarkusTestResource(FakeDispatch.class)
class RiderJobsTest {
    @Inject
    DeliveryStops stops;

    /** The smallest valid PNG: one transparent pixel. */
    static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");
    static KafkaCompanion kafka;

    @BeforeAll
    static void connect() {
        kafka = new KafkaCompanion(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    static void produce(String topicName, String key, Object payload) {
        String json = Events.toJson(Events.envelope(key, payload, Instant.now()));
        kafka.produceStrings().fromRecords(new ProducerRecord<>(topic(topicName), key, json)).awaitCompletion();
    }

    static void goOnline(Rider rider) {
        given().auth().oauth2(rider.token()).contentType(ContentType.JSON)
                .body("{\"location\": {\"lat\": 49.41, \"lon\": 8.69}}")
                .when().post("/api/v1/riders/me/shift").then().statusCode(201);
    }

    /** Offers a job paying {@code payCents} (null: unpriced), accepts it and has dispatch assign it. */
    static String assignedJob(Rider rider, Long payCents) {
        return assignedJob(rider, payCents, UUID.randomUUID());
    }

    static String assignedJob(Rider rider, Long payCents, UUID delivery) {
        JobOffered offered = new JobOffered(UUID.randomUUID(), delivery, rider.id(), PICKUP, DROPOFF,
                850.5, 180, Instant.now(), Instant.now().plusSeconds(60), payCents);
        produce(Topics.DISPATCH_OFFERS, rider.id().toString(), offered);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(rider.token()).when().get("/api/v1/riders/me/offers")
                        .then().statusCode(200).body("offerId", hasItem(offered.offerId().toString())));
        given().auth().oauth2(rider.token()).when().get("/api/v1/riders/me/offers")
                .then().body("find { it.offerId == '" + offered.offerId() + "' }.riderPayCents",
                        payCents == null ? nullValue() : equalTo(payCents.intValue()));
        given().auth().oauth2(rider.token()).when().post("/api/v1/offers/" + offered.offerId() + "/accept")
                .then().statusCode(202);
        String deliveryId = offered.deliveryId().toString();
        produce(Topics.DELIVERY_STATUS, deliveryId, new DeliveryAssigned(offered.deliveryId(), rider.id(),
                offered.offerId(), Instant.now()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(rider.token()).when().get("/api/v1/riders/me/jobs")
                        .then().statusCode(200).body("deliveryId", hasItem(deliveryId)));
        return deliveryId;
    }

    static void pickUp(Rider rider, String deliveryId) {
        given().auth().oauth2(rider.token()).when().post("/api/v1/jobs/" + deliveryId + "/pickup")
                .then().statusCode(200);
    }

    static <T> T awaitEvent(ConsumerTask<String, String> task, String key, Class<T> type) {
        ConsumerRecord<String, String> record = await().atMost(Duration.ofSeconds(20)).until(() -> task.getRecords()
                .stream()
                .filter(r -> key.equals(r.key()) && Events.is(Events.parse(r.value()), type))
                .findFirst().orElse(null), r -> r != null);
        return Events.payload(Events.parse(record.value()), type);
    }

    @Test
    void aJobFailsAtTheDoorWithAReason() {
        Rider ana = newRider("kim");
        Rider bea = newRider("lou");
        ConsumerTask<String, String> status = kafka.consumeStrings().fromTopics(topic(Topics.DELIVERY_STATUS));
        goOnline(ana);
        String deliveryId = assignedJob(ana, 500L);
        String fail = "/api/v1/jobs/" + deliveryId + "/fail";

        given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body(Map.of("reason", "Shop closed"))
                .when().post(fail)
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("after pick-up"));
        pickUp(ana, deliveryId);
        given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body(Map.of("reason", " "))
                .when().post(fail)
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("reason"));
        given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body("{\"reason\": ")
                .when().post(fail)
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body(Map.of("reason", "x".repeat(501)))
                .when().post(fail)
                .then().statusCode(400).body("errors.field", hasItem("reason"));
        given().auth().oauth2(bea.token()).contentType(ContentType.JSON).body(Map.of("reason", "Nobody home"))
                .when().post(fail)
                .then().statusCode(403).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("reason", "Nobody home"))
                .when().post(fail).then().statusCode(401);
        given().auth().oauth2(coordinatorToken()).contentType(ContentType.JSON).body(Map.of("reason", "Nobody home"))
                .when().post(fail).then().statusCode(403);
        given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body(Map.of("reason", "Nobody home"))
                .when().post("/api/v1/jobs/" + UUID.randomUUID() + "/fail").then().statusCode(404);

        given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body(Map.of("reason", " Nobody home "))
                .when().post(fail)
                .then().statusCode(200)
                .body("status", equalTo("FAILED"))
                .body("failureReason", equalTo("Nobody home"))
                .body("failedAt", notNullValue());
        DeliveryFailed failed = awaitEvent(status, deliveryId, DeliveryFailed.class);
        assertEquals(ana.id(), failed.riderId());
        assertEquals("Nobody home", failed.reason());

        given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body(Map.of("reason", "Again"))
                .when().post(fail).then().statusCode(409).body("detail", containsString("FAILED"));
        given().auth().oauth2(ana.token()).when().post("/api/v1/jobs/" + deliveryId + "/deliver")
                .then().statusCode(409).body("detail", containsString("FAILED"));
        given().auth().oauth2(ana.token()).when().get("/api/v1/riders/me/jobs")
                .then().statusCode(200).body("find { it.deliveryId == '" + deliveryId + "' }.status",
                        equalTo("FAILED"));
        // A failed job is over: the rider may go offline, and it earns nothing in this service's count.
        given().auth().oauth2(ana.token()).when().get("/api/v1/riders/me/earnings")
                .then().statusCode(200).body("today.jobs", equalTo(0));
        given().auth().oauth2(ana.token()).when().delete("/api/v1/riders/me/shift").then().statusCode(204);
    }

    @Test
    void aJobTheShopCancelsBeforePickUpEndsAndFreesTheRider() {
        Rider ana = newRider("mia");
        goOnline(ana);
        String deliveryId = assignedJob(ana, 500L);
        given().auth().oauth2(ana.token()).when().delete("/api/v1/riders/me/shift").then().statusCode(409);

        // Dispatch passes the shop's cancellation on after the assignment, on the same key; a repeat changes nothing.
        DeliveryCancelled cancelled = new DeliveryCancelled(UUID.fromString(deliveryId), UUID.randomUUID(),
                "customer changed their mind", Instant.now());
        produce(Topics.DELIVERY_STATUS, deliveryId, cancelled);
        produce(Topics.DELIVERY_STATUS, deliveryId, cancelled);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(ana.token()).when().get("/api/v1/riders/me/jobs").then().statusCode(200)
                        .body("find { it.deliveryId == '" + deliveryId + "' }.status", equalTo("CANCELLED"))
                        .body("find { it.deliveryId == '" + deliveryId + "' }.cancelReason",
                                equalTo("customer changed their mind")));
        given().auth().oauth2(ana.token()).when().post("/api/v1/jobs/" + deliveryId + "/pickup")
                .then().statusCode(409);
        given().auth().oauth2(ana.token()).when().delete("/api/v1/riders/me/shift").then().statusCode(204);

        // A job already picked up stays the rider's to finish.
        goOnline(ana);
        String carried = assignedJob(ana, 500L);
        pickUp(ana, carried);
        produce(Topics.DELIVERY_STATUS, carried, new DeliveryCancelled(UUID.fromString(carried), UUID.randomUUID(),
                "too late", Instant.now()));
        String marker = assignedJob(ana, 500L); // processed after the cancellation: same topic, later
        given().auth().oauth2(ana.token()).when().get("/api/v1/riders/me/jobs").then().statusCode(200)
                .body("find { it.deliveryId == '" + carried + "' }.status", equalTo("PICKED_UP"))
                .body("find { it.deliveryId == '" + marker + "' }.status", equalTo("ASSIGNED"));
    }

    @Test
    void deliveryProofIsANameAndOrAPhoto() {
        Rider ana = newRider("max");
        Rider bea = newRider("ned");
        ConsumerTask<String, String> status = kafka.consumeStrings().fromTopics(topic(Topics.DELIVERY_STATUS));
        goOnline(ana);
        String withPhoto = assignedJob(ana, 640L);
        pickUp(ana, withPhoto);
        String deliver = "/api/v1/jobs/" + withPhoto + "/deliver";

        // Refused photos change nothing: the job stays picked up.
        given().auth().oauth2(ana.token()).multiPart("photo", "note.jpg", "not an image".getBytes(), "image/jpeg")
                .when().post(deliver)
                .then().statusCode(415).contentType("application/problem+json");
        byte[] tooLarge = Arrays.copyOf(PNG, 65537);
        given().auth().oauth2(ana.token()).multiPart("photo", "big.png", tooLarge, "image/png")
                .when().post(deliver)
                .then().statusCode(413).contentType("application/problem+json");
        given().auth().oauth2(ana.token()).multiPart("recipientName", "x".repeat(201))
                .when().post(deliver)
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(bea.token()).multiPart("photo", "door.png", PNG, "image/png")
                .when().post(deliver)
                .then().statusCode(403);

        given().auth().oauth2(ana.token())
                .multiPart("photo", "door.png", PNG, "application/octet-stream")
                .multiPart("recipientName", "Jo Neighbour")
                .when().post(deliver)
                .then().statusCode(200)
                .body("status", equalTo("DELIVERED"))
                .body("recipientName", equalTo("Jo Neighbour"))
                .body("proofPhoto", equalTo(true))
                .body("riderPayCents", equalTo(640));
        DeliveryDelivered delivered = awaitEvent(status, withPhoto, DeliveryDelivered.class);
        assertEquals(ana.id(), delivered.riderId());

        String proof = "/api/v1/jobs/" + withPhoto + "/proof";
        given().auth().oauth2(ana.token()).when().get(proof)
                .then().statusCode(200)
                .body("recipientName", equalTo("Jo Neighbour"))
                .body("photo.contentType", equalTo("image/png"))
                .body("photo.sizeBytes", equalTo(PNG.length))
                .body("photo.url", equalTo(proof + "/photo"));
        byte[] stored = given().auth().oauth2(coordinatorToken()).when().get(proof + "/photo")
                .then().statusCode(200).contentType("image/png").extract().asByteArray();
        assertArrayEquals(PNG, stored);
        given().auth().oauth2(bea.token()).when().get(proof).then().statusCode(403);
        given().auth().oauth2(bea.token()).when().get(proof + "/photo").then().statusCode(403);
        given().when().get(proof + "/photo").then().statusCode(401);

        // A name alone, as JSON; and a delivery without any proof.
        String withName = assignedJob(ana, null);
        pickUp(ana, withName);
        given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body(Map.of("recipientName", "x".repeat(201)))
                .when().post("/api/v1/jobs/" + withName + "/deliver")
                .then().statusCode(400).body("errors.field", hasItem("recipientName"));
        given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body(Map.of("recipientName", "Jo"))
                .when().post("/api/v1/jobs/" + withName + "/deliver")
                .then().statusCode(200).body("recipientName", equalTo("Jo")).body("proofPhoto", equalTo(false))
                .body("riderPayCents", nullValue());
        given().auth().oauth2(ana.token()).when().get("/api/v1/jobs/" + withName + "/proof/photo")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(ana.token()).when().get("/api/v1/jobs/" + withName + "/proof")
                .then().statusCode(200).body("photo", nullValue());
    }

    @Test
    void earningsCountTheDeliveredJobsPay() {
        Rider ana = newRider("olga");
        given().auth().oauth2(ana.token()).when().get("/api/v1/riders/me/earnings")
                .then().statusCode(200)
                .body("currency", equalTo("EUR"))
                .body("zone", equalTo("Europe/Berlin"))
                .body("today.jobs", equalTo(0))
                .body("thisWeek.payCents", equalTo(0))
                .body("weeks", hasSize(4))
                .body("shifts", empty())
                .body("jobs", empty());
        goOnline(ana);
        List<String> delivered = new ArrayList<>();
        for (Long pay : new Long[]{640L, 455L, null}) {
            String id = assignedJob(ana, pay);
            pickUp(ana, id);
            given().auth().oauth2(ana.token()).when().post("/api/v1/jobs/" + id + "/deliver").then().statusCode(200);
            delivered.add(id);
        }
        String failedJob = assignedJob(ana, 999L);
        pickUp(ana, failedJob);
        given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body(Map.of("reason", "Refused"))
                .when().post("/api/v1/jobs/" + failedJob + "/fail").then().statusCode(200);

        given().auth().oauth2(ana.token()).queryParam("weeks", 2).when().get("/api/v1/riders/me/earnings")
                .then().statusCode(200)
                .body("today.jobs", equalTo(3))
                .body("today.payCents", equalTo(1095))
                .body("today.unpricedJobs", equalTo(1))
                .body("thisWeek.payCents", equalTo(1095))
                .body("weeks", hasSize(2))
                .body("weeks[0].payCents", equalTo(1095))
                .body("weeks[1].payCents", equalTo(0))
                .body("shifts", hasSize(1))
                .body("shifts[0].jobs", equalTo(3))
                .body("shifts[0].payCents", equalTo(1095))
                .body("shifts[0].endedAt", nullValue())
                .body("jobs", hasSize(3))
                .body("jobs.deliveryId", hasItem(delivered.get(0)))
                .body("jobs.find { it.deliveryId == '" + delivered.get(1) + "' }.payCents", equalTo(455))
                .body("jobs.find { it.deliveryId == '" + delivered.get(2) + "' }.payCents", nullValue());

        given().auth().oauth2(ana.token()).queryParam("weeks", 0).when().get("/api/v1/riders/me/earnings")
                .then().statusCode(400).contentType("application/problem+json");
        given().when().get("/api/v1/riders/me/earnings").then().statusCode(401);
        given().auth().oauth2(coordinatorToken()).when().get("/api/v1/riders/me/earnings").then().statusCode(403);
    }

    @Test
    void positionsAreKeptWhileOnlineAndPurgedAfterTheRetentionLimit() {
        Rider ana = newRider("pia");
        String location = "/api/v1/riders/me/location";
        Map<String, Object> point = Map.of("lat", 49.41, "lon", 8.69);
        given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body(Map.of("points", List.of(point)))
                .when().post(location).then().statusCode(409);
        given().auth().oauth2(ana.token()).when().get("/api/v1/riders/me/locations")
                .then().statusCode(200).body("$", empty());

        goOnline(ana);
        // Malformed batches are refused whole, with a problem document saying where.
        for (String bad : List.of("not json", "{\"points\": \"here\"}",
                "{\"points\": [{\"lat\": \"north\", \"lon\": 8.69}]}",
                "{\"points\": [{\"lat\": 49.41, \"lon\": 8.69, \"at\": \"yesterday\"}]}", "[]")) {
            given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body(bad)
                    .when().post(location)
                    .then().statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(ana.token()).contentType(ContentType.JSON)
                .body(Map.of("points", List.of(Map.of("lon", 8.69))))
                .when().post(location)
                .then().statusCode(400).body("errors.field", hasItem("points[0].lat"));
        given().auth().oauth2(ana.token()).contentType(ContentType.JSON)
                .body(Map.of("points", List.of(Map.of("lat", 49.41, "lon", 181))))
                .when().post(location)
                .then().statusCode(400).body("errors.field", hasItem("points[0].lon"));
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(point);
        }
        given().auth().oauth2(ana.token()).contentType(ContentType.JSON).body(Map.of("points", tooMany))
                .when().post(location)
                .then().statusCode(400).body("errors.field", hasItem("points"));
        given().auth().oauth2(ana.token()).when().get("/api/v1/riders/me/locations")
                .then().statusCode(200).body("$", empty());

        Instant now = Instant.now();
        given().auth().oauth2(ana.token()).contentType(ContentType.JSON)
                .body(Map.of("points", List.of(
                        Map.of("lat", 49.4120, "lon", 8.6900, "at", now.minusSeconds(20).toString()),
                        Map.of("lat", 49.4130, "lon", 8.6910, "at", now.minusSeconds(10).toString()),
                        Map.of("lat", 49.4125, "lon", 8.6905, "at", now.minusSeconds(15).toString()))))
                .when().post(location)
                .then().statusCode(202)
                .body("stored", equalTo(3))
                .body("latest.lat", equalTo(49.413f))
                .body("keptUntil", notNullValue());
        given().auth().oauth2(ana.token()).when().get("/api/v1/riders/me/locations")
                .then().statusCode(200)
                .body("$", hasSize(3))
                .body("[0].lat", equalTo(49.413f))
                .body("[2].lat", equalTo(49.412f));
        Rider bea = newRider("quin");
        given().auth().oauth2(bea.token()).when().get("/api/v1/riders/me/locations")
                .then().statusCode(200).body("$", empty());

        // The test profile keeps positions for 3 s and purges every second.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().auth().oauth2(ana.token()).when().get("/api/v1/riders/me/locations")
                        .then().statusCode(200).body("$", empty()));
    }

    @Test
    void theQueuePositionComesFromDispatchWhenItHasOne() {
        Rider ana = newRider("rosa");
        Rider bea = newRider("sam");
        FakeDispatch.QUEUED.add(ana.id().toString());
        given().auth().oauth2(ana.token()).when().get("/api/v1/riders/me/queue")
                .then().statusCode(200).body("position", equalTo(2)).body("queueLength", equalTo(5));
        given().auth().oauth2(bea.token()).when().get("/api/v1/riders/me/queue")
                .then().statusCode(404).contentType("application/problem+json");
        given().when().get("/api/v1/riders/me/queue").then().statusCode(401);
    }

    @Test
    void routesComeFromDispatchForTheRidersVehicle() {
        Rider ana = newRider("ines");
        given().auth().oauth2(ana.token()).when().get("/api/v1/riders/me/route?from=49.41,8.69&to=49.40,8.68")
                .then().statusCode(200).body("profile", equalTo("ebike")).body("geometry.type", equalTo("LineString"))
                .body("geometry.coordinates[0]", equalTo(java.util.List.of(8.69f, 49.41f)));
        given().auth().oauth2(ana.token()).when().get("/api/v1/riders/me/route?from=85,8.69&to=49.40,8.68")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(ana.token()).when().get("/api/v1/riders/me/route?from=north&to=49.40,8.68")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(ana.token()).when().get("/api/v1/riders/me/route?from=49.41,8.69&to=49.40,190")
                .then().statusCode(400).contentType("application/problem+json");
        given().when().get("/api/v1/riders/me/route?from=49.41,8.69&to=49.40,8.68").then().statusCode(401);
    }

    @Test
    void theRiderWithTheJobSeesTheStopsAddressesAndContactsUntilTheRetentionEnds() {
        Rider ana = newRider("nina");
        Rider bea = newRider("olga");
        goOnline(ana);
        UUID delivery = UUID.randomUUID();
        produce(Topics.DELIVERY_REQUESTS, delivery.toString(), new DeliveryRequested(delivery, UUID.randomUUID(),
                PICKUP, DROPOFF, null, null, null, null, 1200, Instant.now(), 900L, 700L, "1",
                new StopDetails("Hauptstraße 120, Heidelberg", "Café Rossi", "+49 6221 1", "back door"),
                new StopDetails("Bergheimer Str. 20, Heidelberg", "Ines", "+49 170 2", "2nd floor")));
        String id = assignedJob(ana, 700L, delivery);
        String job = "find { it.deliveryId == '" + id + "' }";
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(ana.token()).when().get("/api/v1/riders/me/jobs").then().statusCode(200)
                        .body(job + ".pickupStop.address", equalTo("Hauptstraße 120, Heidelberg"))
                        .body(job + ".pickupStop.contactName", equalTo("Café Rossi"))
                        .body(job + ".pickupStop.notes", equalTo("back door"))
                        .body(job + ".dropoffStop.contactName", equalTo("Ines"))
                        .body(job + ".dropoffStop.phone", equalTo("+49 170 2")));
        // Another rider never sees it: not among their jobs, and the job's actions are refused.
        given().auth().oauth2(bea.token()).when().get("/api/v1/riders/me/jobs").then().statusCode(200)
                .body(not(containsString("+49 170 2")));
        given().auth().oauth2(bea.token()).when().post("/api/v1/jobs/" + id + "/pickup").then().statusCode(403);
        // After the retention the customer's data is gone; the job itself stays.
        stops.purgeOlderThan(Instant.now().plusSeconds(1));
        given().auth().oauth2(ana.token()).when().get("/api/v1/riders/me/jobs").then().statusCode(200)
                .body(job + ".status", equalTo("ASSIGNED")).body(job + ".dropoffStop", nullValue());
    }

    @Test
    void theCourierAppIsServed() {
        given().when().get("/app/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("manifest.webmanifest"));
        given().when().get("/app/manifest.webmanifest").then().statusCode(200)
                .body(containsString("\"start_url\""));
        given().when().get("/app/sw.js").then().statusCode(200);
        given().when().get("/app/app.js").then().statusCode(200);
        given().when().get("/api/v1/app/settings").then().statusCode(200)
                .body("currency", equalTo("EUR"))
                .body("locationIntervalSeconds", equalTo(10))
                .body("tileUrl", containsString("{z}"));
    }
}
