package coop.dispatch.merchant;

import coop.dispatch.commons.housekeeping.Housekeeping;
import coop.dispatch.contracts.EventEnvelope;
import coop.dispatch.contracts.Events;
import coop.dispatch.contracts.Topics;
import coop.dispatch.contracts.events.DeliveryAssigned;
import coop.dispatch.contracts.events.DeliveryCancelled;
import coop.dispatch.contracts.events.DeliveryFailed;
import coop.dispatch.contracts.events.DeliveryPickedUp;
import coop.dispatch.merchant.service.IdempotencyKeyPurge;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static coop.dispatch.merchant.MerchantApiTest.awaitStatus;
import static coop.dispatch.merchant.MerchantApiTest.countDeliveries;
import static coop.dispatch.merchant.MerchantApiTest.createDelivery;
import static coop.dispatch.merchant.MerchantApiTest.deliveryJson;
import static coop.dispatch.merchant.MerchantApiTest.newMerchantToken;
import static coop.dispatch.merchant.MerchantApiTest.produceStatus;
import static coop.dispatch.merchant.MerchantApiTest.topic;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Idempotent creation, cancellation, failures and the paginated list. */
@QuarkusTest
class DeliveryLifecycleTest {
    static String body() {
        return deliveryJson(49.4106, 8.6947, "");
    }

    @BeforeAll
    static void connect() {
        MerchantApiTest.connect();
    }

    @AfterAll
    static void close() {
        MerchantApiTest.close();
    }

    @Test
    void theSameIdempotencyKeyAndBodyGiveTheSameDeliveryAndADifferentBodyIsRefused() {
        String token = newMerchantToken("Idempotent shop");
        String key = UUID.randomUUID().toString();
        String first = given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(body()).when().post("/api/v1/deliveries")
                .then().statusCode(201).extract().path("id");
        // The same request again, formatted differently: the same delivery, answered 200 and marked as a replay.
        given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(body().replace("\n", " ").replace(": ", ":"))
                .when().post("/api/v1/deliveries")
                .then().statusCode(200).header("Idempotent-Replayed", "true")
                .header("Location", containsString(first)).body("id", equalTo(first));
        // Same key, another body: refused, nothing stored.
        given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(body().replace("order-42", "order-43"))
                .when().post("/api/v1/deliveries")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("different request body"));
        assertEquals(1, countDeliveries(token));

        // Keys belong to one merchant: another merchant may use the same key for its own delivery.
        String other = newMerchantToken("Other shop with the same key");
        String second = given().auth().oauth2(other).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(body()).when().post("/api/v1/deliveries")
                .then().statusCode(201).extract().path("id");
        assertFalse(first.equals(second));

        given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", "with space")
                .body(body()).when().post("/api/v1/deliveries")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("Idempotency-Key"));
        // A refused first use does not burn the key: the key is stored only with the delivery.
        String retried = UUID.randomUUID().toString();
        given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", retried)
                .body(deliveryJson(52.52, 13.40, "")).when().post("/api/v1/deliveries")
                .then().statusCode(422);
        given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", retried)
                .body(body()).when().post("/api/v1/deliveries").then().statusCode(201);
        assertEquals(2, countDeliveries(token));
    }

    @Test
    void twinsSentAtTheSameMomentWithOneKeyMakeOneDeliveryAndOneEvent() throws Exception {
        String token = newMerchantToken("Shop whose client retries at once");
        ConsumerTask<String, String> requests = MerchantApiTest.kafka.consumeStrings()
                .fromTopics(topic(Topics.DELIVERY_REQUESTS));
        for (int round = 0; round < 5; round++) {
            String key = UUID.randomUUID().toString();
            java.util.concurrent.ExecutorService twins = java.util.concurrent.Executors.newFixedThreadPool(6);
            try {
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<io.restassured.response.Response>> sent = new java.util.ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    sent.add(twins.submit(() -> {
                        start.await();
                        return given().auth().oauth2(token).contentType(ContentType.JSON)
                                .header("Idempotency-Key", key).body(body()).when().post("/api/v1/deliveries");
                    }));
                }
                start.countDown();
                Set<String> ids = new HashSet<>();
                int created = 0;
                for (java.util.concurrent.Future<io.restassured.response.Response> answer : sent) {
                    io.restassured.response.Response response = answer.get(30, java.util.concurrent.TimeUnit.SECONDS);
                    assertTrue(response.statusCode() == 201 || response.statusCode() == 200, response.asString());
                    created += response.statusCode() == 201 ? 1 : 0;
                    ids.add(response.path("id"));
                }
                assertEquals(1, created, "exactly one twin creates");
                assertEquals(1, ids.size(), "every twin answers the same delivery: " + ids);
            } finally {
                twins.shutdownNow();
            }
        }
        assertEquals(5, countDeliveries(token));
        // Each delivery went out once, and no event of a refused twin was stored.
        List<String> mine = given().auth().oauth2(token).when().get("/api/v1/deliveries?limit=200")
                .then().statusCode(200).extract().path("items.id");
        await().atMost(Duration.ofSeconds(30)).until(() -> requests.getRecords().stream()
                .filter(r -> mine.contains(r.key())).count() >= 5);
        Thread.sleep(1000);
        assertEquals(5, requests.getRecords().stream().filter(r -> mine.contains(r.key())).count());
        requests.close();
    }

    @Inject
    IdempotencyKeyPurge purge;

    @Inject
    Housekeeping housekeeping;

    @Inject
    EntityManager em;

    @Test
    void idempotencyKeysAreForgottenAfterTheRetention() {
        String token = newMerchantToken("Shop retrying a day later");
        String oldKey = UUID.randomUUID().toString();
        String freshKey = UUID.randomUUID().toString();
        String first = given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", oldKey)
                .body(body()).when().post("/api/v1/deliveries").then().statusCode(201).extract().path("id");
        String fresh = given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", freshKey)
                .body(body()).when().post("/api/v1/deliveries").then().statusCode(201).extract().path("id");
        // The first key was used just over the retention (24 h by default) ago.
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "UPDATE idempotency_key SET created_at = now() - interval '24 hours 1 minute' WHERE idem_key = ?1")
                .setParameter(1, oldKey).executeUpdate());

        assertTrue(purge.purgeExpired() >= 1);

        // The old key is forgotten: the same request makes a new delivery; the first delivery itself stays.
        String again = given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", oldKey)
                .body(body()).when().post("/api/v1/deliveries").then().statusCode(201).extract().path("id");
        assertFalse(first.equals(again));
        given().auth().oauth2(token).when().get("/api/v1/deliveries/" + first).then().statusCode(200);
        // The fresh key is kept: a retry is still a replay.
        given().auth().oauth2(token).contentType(ContentType.JSON).header("Idempotency-Key", freshKey)
                .body(body()).when().post("/api/v1/deliveries")
                .then().statusCode(200).header("Idempotent-Replayed", "true").body("id", equalTo(fresh));
        assertEquals(3, countDeliveries(token));
    }

    @Test
    void housekeepingForgetsOldInboxAndSentOutboxRowsOnly() {
        UUID oldInbox = UUID.randomUUID();
        UUID recentInbox = UUID.randomUUID();
        UUID oldSent = UUID.randomUUID();
        UUID oldUnsent = UUID.randomUUID();
        UUID recentSent = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("INSERT INTO processed_event (consumer, event_id, processed_at) VALUES"
                            + " ('housekeeping-test', ?1, now() - interval '15 days'),"
                            + " ('housekeeping-test', ?2, now() - interval '13 days')")
                    .setParameter(1, oldInbox).setParameter(2, recentInbox).executeUpdate();
            em.createNativeQuery("INSERT INTO outbox_event (event_id, topic, event_key, event_type, envelope, created_at,"
                            + " published_at) VALUES"
                            + " (?1, 'housekeeping-test', 'k', 'T', '{}', now() - interval '9 days', now() - interval '8 days'),"
                            + " (?2, 'housekeeping-test', 'k', 'T', '{}', now() - interval '9 days', null),"
                            + " (?3, 'housekeeping-test', 'k', 'T', '{}', now() - interval '2 days', now() - interval '2 days')")
                    .setParameter(1, oldSent).setParameter(2, oldUnsent).setParameter(3, recentSent).executeUpdate();
        });
        // The row created long ago but not sent is kept (the relay may send it meanwhile: then it is a recent send).
        Housekeeping.Purged purged = housekeeping.purge(java.time.Instant.now());
        assertTrue(purged.processedEvents() >= 1 && purged.publishedOutboxEvents() >= 1, purged.toString());
        List<?> inbox = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT event_id FROM processed_event WHERE consumer = 'housekeeping-test'").getResultList());
        assertEquals(List.of(recentInbox), inbox);
        List<?> outbox = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "SELECT event_id FROM outbox_event WHERE topic = 'housekeeping-test' ORDER BY created_at, event_id")
                .getResultList());
        assertTrue(outbox.contains(recentSent) && outbox.contains(oldUnsent) && !outbox.contains(oldSent),
                outbox.toString());
    }

    @Test
    void aDeliveryCanBeCancelledUntilPickUpAndDispatchIsTold() {
        String token = newMerchantToken("Cancelling shop");
        ConsumerTask<String, String> requests = MerchantApiTest.kafka.consumeStrings()
                .fromTopics(topic(Topics.DELIVERY_REQUESTS));
        String id = createDelivery(token, body());
        produceStatus(id, new DeliveryAssigned(UUID.fromString(id), UUID.randomUUID(), UUID.randomUUID(),
                Instant.now()));
        awaitStatus(token, id, "ASSIGNED");

        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"reason\": \"customer changed mind\"}")
                .when().post("/api/v1/deliveries/" + id + "/cancel")
                .then().statusCode(200).body("status", equalTo("CANCELLED"))
                .body("statusReason", equalTo("customer changed mind"))
                .body("history.status", equalTo(List.of("REQUESTED", "ASSIGNED", "CANCELLED")));
        ConsumerRecord<String, String> cancelled = await().atMost(Duration.ofSeconds(60)).until(() ->
                requests.getRecords().stream().filter(r -> id.equals(r.key())
                        && Events.is(Events.parse(r.value()), DeliveryCancelled.class)).findFirst().orElse(null),
                r -> r != null);
        DeliveryCancelled event = Events.payload(Events.parse(cancelled.value()), DeliveryCancelled.class);
        assertEquals("customer changed mind", event.reason());
        assertEquals(id, event.deliveryId().toString());
        // Again: answered unchanged (no second event), even without a body.
        given().auth().oauth2(token).when().post("/api/v1/deliveries/" + id + "/cancel")
                .then().statusCode(200).body("status", equalTo("CANCELLED")).body("history", hasSize(3));
        // A late pick-up report does not revive it.
        produceStatus(id, new DeliveryPickedUp(UUID.fromString(id), UUID.randomUUID(), Instant.now()));
        String other = newMerchantToken("Not the owner");
        given().auth().oauth2(other).when().post("/api/v1/deliveries/" + id + "/cancel")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(token).when().post("/api/v1/deliveries/" + UUID.randomUUID() + "/cancel")
                .then().statusCode(404);
        requests.close();
        given().auth().oauth2(token).when().get("/api/v1/deliveries/" + id)
                .then().statusCode(200).body("status", equalTo("CANCELLED"));
    }

    @Test
    void afterPickUpCancellingIsRefusedWithTheReasonAndFailuresAreRecorded() {
        String token = newMerchantToken("Late shop");
        String id = createDelivery(token, body());
        UUID rider = UUID.randomUUID();
        produceStatus(id, new DeliveryAssigned(UUID.fromString(id), rider, UUID.randomUUID(), Instant.now()));
        produceStatus(id, new DeliveryPickedUp(UUID.fromString(id), rider, Instant.now()));
        awaitStatus(token, id, "PICKED_UP");

        given().auth().oauth2(token).contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/deliveries/" + id + "/cancel")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("picked up"));
        given().auth().oauth2(token).when().get("/api/v1/deliveries/" + id)
                .then().body("status", equalTo("PICKED_UP")).body("history", hasSize(3));

        produceStatus(id, new DeliveryFailed(UUID.fromString(id), rider, "nobody home", Instant.now()));
        awaitStatus(token, id, "FAILED");
        given().auth().oauth2(token).when().get("/api/v1/deliveries/" + id)
                .then().body("statusReason", equalTo("nobody home"))
                .body("history[3].reason", equalTo("nobody home"));
        given().auth().oauth2(token).when().post("/api/v1/deliveries/" + id + "/cancel")
                .then().statusCode(409).body("detail", containsString("nobody home"));
    }

    @Test
    void theListFiltersByStatusAndDateAndPagesWithACursor() {
        String token = newMerchantToken("Busy shop");
        Instant before = Instant.now().minusSeconds(1);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            ids.add(createDelivery(token, body()));
        }
        String cancelled = ids.iterator().next();
        given().auth().oauth2(token).when().post("/api/v1/deliveries/" + cancelled + "/cancel")
                .then().statusCode(200);

        Set<String> seen = new HashSet<>();
        String url = "/api/v1/deliveries?limit=2";
        int pages = 0;
        while (url != null) {
            var page = given().auth().oauth2(token).when().get(url).then().statusCode(200).extract();
            List<String> pageIds = page.path("items.id");
            assertTrue(pageIds.size() <= 2);
            for (String id : pageIds) {
                assertTrue(seen.add(id), "no delivery twice: " + id);
            }
            String next = page.path("next");
            if (next != null) {
                assertTrue(page.header("Link").contains("rel=\"next\""));
                url = next.substring(next.indexOf("/api/v1/"));
            } else {
                url = null;
            }
            pages++;
        }
        assertEquals(ids, seen);
        assertEquals(3, pages);

        given().auth().oauth2(token).when().get("/api/v1/deliveries?status=CANCELLED")
                .then().statusCode(200).body("items.id", equalTo(List.of(cancelled))).body("next", nullValue());
        given().auth().oauth2(token).when().get("/api/v1/deliveries?status=requested,cancelled")
                .then().statusCode(200).body("items", hasSize(5));
        given().auth().oauth2(token).when().get("/api/v1/deliveries?from=" + before)
                .then().statusCode(200).body("items", hasSize(5));
        given().auth().oauth2(token).when().get("/api/v1/deliveries?to=" + before)
                .then().statusCode(200).body("items", hasSize(0));
        given().auth().oauth2(token).when().get("/api/v1/deliveries?from=2000-01-01&to=2000-01-02")
                .then().statusCode(200).body("items", hasSize(0));

        given().auth().oauth2(token).when().get("/api/v1/deliveries?cursor=bm90LWEtY3Vyc29y")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("cursor"));
        given().auth().oauth2(token).when().get("/api/v1/deliveries?status=LOST")
                .then().statusCode(400).body("errors.field", hasItem("status"));
        given().auth().oauth2(token).when().get("/api/v1/deliveries?from=yesterday")
                .then().statusCode(400).body("errors.field", hasItem("from"));
        given().auth().oauth2(token).when().get("/api/v1/deliveries?limit=0").then().statusCode(400);
        given().auth().oauth2(token).when().get("/api/v1/deliveries/" + cancelled)
                .then().body("trackingUrl", notNullValue());
    }
}
