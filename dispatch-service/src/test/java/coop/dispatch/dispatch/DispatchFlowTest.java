package coop.dispatch.dispatch;

import coop.dispatch.commons.security.Roles;
import coop.dispatch.contracts.EventEnvelope;
import coop.dispatch.contracts.Events;
import coop.dispatch.contracts.Topics;
import coop.dispatch.contracts.events.DeliveryAssigned;
import coop.dispatch.contracts.events.DeliveryDelivered;
import coop.dispatch.contracts.events.PolicyAdopted;
import coop.dispatch.contracts.events.DeliveryCancelled;
import coop.dispatch.contracts.events.RiderOffline;
import coop.dispatch.contracts.events.DeliveryRequested;
import coop.dispatch.contracts.events.DeliveryUnassignable;
import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.JobOffered;
import coop.dispatch.contracts.events.OfferAccepted;
import coop.dispatch.contracts.events.OfferDeclined;
import coop.dispatch.contracts.events.OfferWithdrawn;
import coop.dispatch.contracts.events.RiderOnline;
import coop.dispatch.contracts.events.Vehicle;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.ArrayList;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drives dispatch through its topics, like rider-service and merchant-service do, and reads what it publishes.
 * Each test works in its own spot on the globe, far from every other test's riders.
 */
@QuarkusTest
class DispatchFlowTest {
    static KafkaCompanion kafka;
    ConsumerTask<String, String> offers;
    ConsumerTask<String, String> statuses;
    GeoPoint here;

    @BeforeAll
    static void connect() {
        kafka = new KafkaCompanion(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    final List<UUID> riders = new ArrayList<>();
    final List<UUID> deliveries = new ArrayList<>();

    @BeforeEach
    void listen() {
        offers = kafka.consumeStrings().fromTopics(topic(Topics.DISPATCH_OFFERS));
        statuses = kafka.consumeStrings().fromTopics(topic(Topics.DELIVERY_STATUS));
        // Bismarckplatz, Heidelberg: on the map the test profile routes on.
        here = new GeoPoint(49.40935, 8.69290);
    }

    /** Each test leaves no rider online and no delivery waiting, so the next one starts from an empty queue. */
    @AfterEach
    void cleanUp() {
        deliveries.forEach(d -> send(Topics.DELIVERY_REQUESTS, d.toString(),
                new DeliveryCancelled(d, UUID.randomUUID(), "test over", Instant.now())));
        riders.forEach(r -> send(Topics.RIDER_STATUS, r.toString(), new RiderOffline(r, Instant.now())));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(coordinatorToken()).when().get("/api/v1/dispatch/queue")
                        .then().statusCode(200).body("$", hasSize(0)));
    }

    static String topic(String name) {
        return ConfigProvider.getConfig().getOptionalValue("coop.kafka.topic-prefix", String.class).orElse("") + name;
    }

    GeoPoint metersNorth(double meters) {
        return new GeoPoint(here.lat() + meters / 111_195.0, here.lon());
    }

    static void send(String topic, String key, Object payload) {
        String json = Events.toJson(Events.envelope(key, payload, Instant.now()));
        kafka.produceStrings().fromRecords(new ProducerRecord<>(topic(topic), key, json)).awaitCompletion();
    }

    UUID riderOnline(double metersFromPickup, Duration waitingFor) {
        UUID rider = UUID.randomUUID();
        riders.add(rider);
        send(Topics.RIDER_STATUS, rider.toString(), new RiderOnline(rider, Vehicle.BIKE,
                metersNorth(metersFromPickup), Instant.now().minus(waitingFor)));
        return rider;
    }

    UUID requestDelivery() {
        UUID delivery = UUID.randomUUID();
        deliveries.add(delivery);
        send(Topics.DELIVERY_REQUESTS, delivery.toString(), new DeliveryRequested(delivery, UUID.randomUUID(),
                here, metersNorth(-2000), null, null, null, null, 2000, Instant.now(), 900L, 600L, "pricing-test"));
        return delivery;
    }

    static <T> T awaitEvent(ConsumerTask<String, String> task, Class<T> type, java.util.function.Predicate<T> match) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> task.getRecords().stream()
                .map(ConsumerRecord::value).map(Events::parse).filter(e -> Events.is(e, type))
                .map(e -> Events.payload(e, type)).filter(match).findFirst().orElse(null), e -> e != null);
    }

    static <T> long count(ConsumerTask<String, String> task, Class<T> type, java.util.function.Predicate<T> match) {
        return task.getRecords().stream().map(ConsumerRecord::value).map(Events::parse)
                .filter(e -> Events.is(e, type)).map(e -> Events.payload(e, type)).filter(match).count();
    }

    static String coordinatorToken() {
        return Jwt.issuer("https://coopdispatch.coop").subject(UUID.randomUUID().toString()).upn("coordinator")
                .groups(Set.of(Roles.COORDINATOR, Roles.MEMBER)).sign();
    }

    @Test
    void longestWaitingRiderIsOfferedFirstAndDecliningPassesTheJobOn() {
        UUID nearButNew = riderOnline(200, Duration.ofMinutes(1));
        UUID farButWaiting = riderOnline(1500, Duration.ofMinutes(20));
        awaitQueueContains(nearButNew);
        UUID delivery = requestDelivery();

        JobOffered first = awaitEvent(offers, JobOffered.class, o -> o.deliveryId().equals(delivery));
        assertEquals(farButWaiting, first.riderId(), "rotation, not proximity: the longest-waiting rider goes first");
        assertTrue(first.pickupDistanceMeters() > 1500, "routed by bike: " + first.pickupDistanceMeters());
        assertEquals(600L, first.riderPayCents());

        send(Topics.OFFER_RESPONSES, delivery.toString(),
                new OfferDeclined(first.offerId(), delivery, farButWaiting, Instant.now()));
        JobOffered second = awaitEvent(offers, JobOffered.class,
                o -> o.deliveryId().equals(delivery) && !o.offerId().equals(first.offerId()));
        assertEquals(nearButNew, second.riderId());

        send(Topics.OFFER_RESPONSES, delivery.toString(),
                new OfferAccepted(second.offerId(), delivery, nearButNew, Instant.now()));
        DeliveryAssigned assigned = awaitEvent(statuses, DeliveryAssigned.class, a -> a.deliveryId().equals(delivery));
        assertEquals(nearButNew, assigned.riderId());
        assertEquals(second.offerId(), assigned.offerId());

        given().auth().oauth2(coordinatorToken()).when().get("/api/v1/decisions/" + delivery)
                .then().statusCode(200)
                .body("status", equalTo("ASSIGNED"))
                .body("assignedRiderId", equalTo(nearButNew.toString()))
                .body("offers.status", equalTo(List.of("DECLINED", "ACCEPTED")))
                .body("decisions", hasSize(2))
                .body("decisions[0].candidates.riderId", equalTo(List.of(farButWaiting.toString(),
                        nearButNew.toString())))
                .body("decisions[1].excluded.find { it.riderId == '%s' }.reason".formatted(farButWaiting),
                        equalTo("ALREADY_OFFERED_THIS_JOB"));
    }

    @Test
    void anUnansweredOfferExpiresAndGoesToTheNextRider() {
        UUID first = riderOnline(300, Duration.ofMinutes(9));
        UUID second = riderOnline(300, Duration.ofMinutes(3));
        awaitQueueContains(second);
        UUID delivery = requestDelivery();

        JobOffered offer = awaitEvent(offers, JobOffered.class, o -> o.deliveryId().equals(delivery));
        assertEquals(first, offer.riderId());
        OfferWithdrawn withdrawn = awaitEvent(offers, OfferWithdrawn.class, w -> w.offerId().equals(offer.offerId()));
        assertEquals("offer expired", withdrawn.reason());
        JobOffered next = awaitEvent(offers, JobOffered.class,
                o -> o.deliveryId().equals(delivery) && o.riderId().equals(second));
        // Accepting the expired offer late changes nothing: the phone is told it is gone.
        send(Topics.OFFER_RESPONSES, delivery.toString(),
                new OfferAccepted(offer.offerId(), delivery, first, Instant.now()));
        send(Topics.OFFER_RESPONSES, delivery.toString(),
                new OfferAccepted(next.offerId(), delivery, second, Instant.now()));
        DeliveryAssigned assigned = awaitEvent(statuses, DeliveryAssigned.class, a -> a.deliveryId().equals(delivery));
        assertEquals(second, assigned.riderId());
        awaitEvent(offers, OfferWithdrawn.class, w -> w.offerId().equals(offer.offerId())
                && w.reason().equals("offer was already expired"));
    }

    @Test
    void aRepeatedRequestIsDispatchedOnce() {
        UUID rider = riderOnline(100, Duration.ofMinutes(5));
        riderOnline(150, Duration.ofMinutes(4));
        awaitQueueContains(rider);
        UUID delivery = UUID.randomUUID();
        deliveries.add(delivery);
        EventEnvelope once = Events.envelope(delivery.toString(), new DeliveryRequested(delivery, UUID.randomUUID(),
                here, metersNorth(-500), null, null, null, null, 500, Instant.now(), 900L, 600L, "pricing-test"), Instant.now());
        String json = Events.toJson(once);
        kafka.produceStrings().fromRecords(new ProducerRecord<>(topic(Topics.DELIVERY_REQUESTS), delivery.toString(),
                json), new ProducerRecord<>(topic(Topics.DELIVERY_REQUESTS), delivery.toString(), json))
                .awaitCompletion();

        JobOffered offer = awaitEvent(offers, JobOffered.class, o -> o.deliveryId().equals(delivery));
        send(Topics.OFFER_RESPONSES, delivery.toString(),
                new OfferAccepted(offer.offerId(), delivery, offer.riderId(), Instant.now()));
        awaitEvent(statuses, DeliveryAssigned.class, a -> a.deliveryId().equals(delivery));
        assertEquals(1, count(offers, JobOffered.class, o -> o.deliveryId().equals(delivery)));
    }

    @Test
    void aDeliveryNobodyCanReachBecomesUnassignableWithItsReasons() {
        UUID tooFar = riderOnline(-9_000, Duration.ofMinutes(30));
        awaitQueueContains(tooFar);
        UUID delivery = requestDelivery();

        DeliveryUnassignable gone = awaitEvent(statuses, DeliveryUnassignable.class,
                u -> u.deliveryId().equals(delivery));
        assertEquals(delivery, gone.deliveryId());
        assertEquals(0, count(offers, JobOffered.class, o -> o.deliveryId().equals(delivery)));
        given().auth().oauth2(coordinatorToken()).when().get("/api/v1/decisions/" + delivery)
                .then().statusCode(200).body("status", equalTo("UNASSIGNABLE"))
                .body("decisions[0].excluded.find { it.riderId == '%s' }.reason".formatted(tooFar),
                        equalTo("PICKUP_TOO_FAR"));
    }

    @Test
    void onlyCoordinatorsReadDispatchInternals() {
        String riderToken = Jwt.issuer("https://coopdispatch.coop").subject(UUID.randomUUID().toString())
                .upn("rider").groups(Set.of(Roles.RIDER, Roles.MEMBER)).sign();
        given().auth().oauth2(riderToken).when().get("/api/v1/fairness").then().statusCode(200);
        given().when().get("/api/v1/dispatch/queue").then().statusCode(401);
        given().auth().oauth2(coordinatorToken()).when().get("/api/v1/decisions/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        String riderOnly = Jwt.issuer("https://coopdispatch.coop").subject(UUID.randomUUID().toString())
                .upn("outsider").groups(Set.of(Roles.RIDER)).sign();
        given().auth().oauth2(riderOnly).when().get("/api/v1/dispatch/queue").then().statusCode(403);
        given().auth().oauth2(riderOnly).when().get("/api/v1/riders/" + UUID.randomUUID() + "/queue")
                .then().statusCode(403);
        given().auth().oauth2(riderOnly).contentType("application/json")
                .body("{\"riderId\":\"" + UUID.randomUUID() + "\",\"reason\":\"x\"}")
                .when().post("/api/v1/deliveries/" + UUID.randomUUID() + "/assign").then().statusCode(403);
    }

    @Test
    void aCancelledDeliveryIsWithdrawnFromTheRiderAndNotOfferedAgain() {
        UUID rider = riderOnline(300, Duration.ofMinutes(6));
        UUID other = riderOnline(400, Duration.ofMinutes(2));
        awaitQueueContains(other);
        UUID delivery = requestDelivery();
        JobOffered offer = awaitEvent(offers, JobOffered.class, o -> o.deliveryId().equals(delivery));
        assertEquals(rider, offer.riderId());

        send(Topics.DELIVERY_REQUESTS, delivery.toString(),
                new DeliveryCancelled(delivery, UUID.randomUUID(), "customer changed their mind", Instant.now()));
        OfferWithdrawn withdrawn = awaitEvent(offers, OfferWithdrawn.class, w -> w.offerId().equals(offer.offerId()));
        assertEquals("delivery cancelled", withdrawn.reason());
        given().auth().oauth2(coordinatorToken()).when().get("/api/v1/decisions/" + delivery)
                .then().statusCode(200).body("status", equalTo("CANCELLED"));
        assertEquals(1, count(offers, JobOffered.class, o -> o.deliveryId().equals(delivery)));
    }

    @Test
    void theAssemblysRotationKeyDecidesTheNextOffer() {
        // Two riders: one free since long ago but already busy this shift, one new with no job yet.
        UUID veteran = riderOnline(300, Duration.ofMinutes(50));
        UUID fresh = riderOnline(300, Duration.ofMinutes(1));
        awaitQueueContains(fresh);
        UUID warmUp = requestDelivery();
        JobOffered first = awaitEvent(offers, JobOffered.class, o -> o.deliveryId().equals(warmUp));
        assertEquals(veteran, first.riderId(), "longest waiting first under policy version 1");
        send(Topics.OFFER_RESPONSES, warmUp.toString(), new OfferAccepted(first.offerId(), warmUp, veteran,
                Instant.now()));
        awaitEvent(statuses, DeliveryAssigned.class, a -> a.deliveryId().equals(warmUp));
        send(Topics.DELIVERY_STATUS, warmUp.toString(), new DeliveryDelivered(warmUp, veteran, Instant.now()
                .minus(Duration.ofMinutes(45))));

        adopt("dispatch-fewest-" + UUID.randomUUID(), "{\"rotationKey\":\"FEWEST_JOBS\"}");
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    given().auth().oauth2(coordinatorToken()).when().get("/api/v1/riders/" + fresh + "/queue")
                            .then().statusCode(200).body("rotationKey", equalTo("FEWEST_JOBS"))
                            .body("position", equalTo(1)));
            UUID next = requestDelivery();
            JobOffered offer = awaitEvent(offers, JobOffered.class, o -> o.deliveryId().equals(next));
            assertEquals(fresh, offer.riderId(), "fewest jobs first: the veteran waited longer but did one job");
            given().auth().oauth2(coordinatorToken()).when().get("/api/v1/decisions/" + next)
                    .then().body("decisions[0].rotationKey", equalTo("FEWEST_JOBS"))
                    .body("decisions[0].rulesVersion", startsWith("dispatch-fewest-"));
        } finally {
            adopt("dispatch-back-" + UUID.randomUUID(), "{\"rotationKey\":\"LONGEST_WAITING\"}");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    given().auth().oauth2(coordinatorToken()).when().get("/api/v1/riders/" + fresh + "/queue")
                            .then().body("rotationKey", equalTo("LONGEST_WAITING")));
        }
    }

    @Test
    void aCoordinatorCanAssignByHandWithAReasonAndRidersSeeTheirPlace() {
        UUID first = riderOnline(300, Duration.ofMinutes(20));
        UUID second = riderOnline(350, Duration.ofMinutes(10));
        UUID third = riderOnline(400, Duration.ofMinutes(5));
        awaitQueueContains(third);
        String thirdToken = Jwt.issuer("https://coopdispatch.coop").subject(third.toString()).upn("third")
                .groups(Set.of(Roles.RIDER, Roles.MEMBER)).sign();
        given().auth().oauth2(thirdToken).when().get("/api/v1/riders/" + third + "/queue")
                .then().statusCode(200).body("state", equalTo("WAITING")).body("position", equalTo(3))
                .body("ahead", equalTo(2));
        given().auth().oauth2(thirdToken).when().get("/api/v1/riders/" + first + "/queue").then().statusCode(403);

        UUID delivery = requestDelivery();
        awaitEvent(offers, JobOffered.class, o -> o.deliveryId().equals(delivery) && o.riderId().equals(first));
        given().auth().oauth2(coordinatorToken()).contentType("application/json")
                .body("{\"riderId\":\"" + third + "\",\"reason\":\"cargo needs her key to the back yard\"}")
                .when().post("/api/v1/deliveries/" + delivery + "/assign")
                .then().statusCode(200).body("status", equalTo("ASSIGNED"))
                .body("assignedRiderId", equalTo(third.toString()))
                .body("decisions[-1].kind", equalTo("MANUAL"))
                .body("decisions[-1].reason", equalTo("cargo needs her key to the back yard"));
        DeliveryAssigned assigned = awaitEvent(statuses, DeliveryAssigned.class, a -> a.deliveryId().equals(delivery));
        assertEquals(third, assigned.riderId());
        awaitEvent(offers, OfferWithdrawn.class, w -> w.deliveryId().equals(delivery)
                && w.reason().equals("assigned by a coordinator"));
        given().auth().oauth2(coordinatorToken()).contentType("application/json")
                .body("{\"riderId\":\"" + second + "\",\"reason\":\"again\"}")
                .when().post("/api/v1/deliveries/" + delivery + "/assign").then().statusCode(409);
        given().auth().oauth2(coordinatorToken()).when().get("/api/v1/fairness")
                .then().statusCode(200).body("manualAssignments", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("riders.riderId", org.hamcrest.Matchers.hasItem(third.toString()))
                // The third rider waited 5 minutes and then got the job; the first has waited 20 minutes, still waiting.
                .body("riders.find { it.riderId == '" + third + "' }.longestWaitMinutes",
                        org.hamcrest.Matchers.both(org.hamcrest.Matchers.greaterThanOrEqualTo(4.9f))
                                .and(org.hamcrest.Matchers.lessThan(6.5f)))
                .body("riders.find { it.riderId == '" + first + "' }.longestWaitMinutes",
                        org.hamcrest.Matchers.both(org.hamcrest.Matchers.greaterThanOrEqualTo(19.9f))
                                .and(org.hamcrest.Matchers.lessThan(21.5f)));
        given().auth().oauth2(thirdToken).when().get("/api/v1/riders/" + third + "/queue")
                .then().statusCode(200).body("state", equalTo("ON_A_JOB")).body("jobsThisShift", equalTo(1));
    }

    @Test
    void routesAreRoutedByBikeOnTheMapAndPointsOffItAreRefused() {
        given().auth().oauth2(coordinatorToken())
                .when().get("/api/v1/routes?from=49.40935,8.69290&to=49.40368,8.67586&profile=bike")
                .then().statusCode(200).body("profile", equalTo("bike"))
                .body("distanceMeters", org.hamcrest.Matchers.both(org.hamcrest.Matchers.greaterThan(1400f))
                        .and(org.hamcrest.Matchers.lessThan(2200f)))
                .body("geometry.type", equalTo("LineString"));
        given().auth().oauth2(coordinatorToken())
                .when().get("/api/v1/routes?from=43.0,5.0&to=49.40368,8.67586&profile=bike")
                .then().statusCode(422).contentType("application/problem+json");
        given().auth().oauth2(coordinatorToken()).when().get("/api/v1/routes?from=95,8&to=49.4,8.6")
                .then().statusCode(400);
        given().auth().oauth2(coordinatorToken()).when().get("/api/v1/routes?from=49.4,8.69&to=49.4,8.6&profile=car")
                .then().statusCode(400);
        given().when().get("/api/v1/routes?from=49.4,8.69&to=49.4,8.68").then().statusCode(401);
    }

    @Test
    void aDeliveryBookedForLaterIsOfferedShortlyBeforeItsPickupNotWhenRequested() {
        UUID rider = riderOnline(300, Duration.ofMinutes(5));
        awaitQueueContains(rider);
        Instant now = Instant.now();
        Duration lead = Duration.ofMinutes(20); // coop.dispatch.offer-lead
        // Booked first, for a pickup in three hours: without scheduling it would be offered first.
        UUID later = UUID.randomUUID();
        deliveries.add(later);
        send(Topics.DELIVERY_REQUESTS, later.toString(), new DeliveryRequested(later, UUID.randomUUID(), here,
                metersNorth(-2000), now.plus(Duration.ofHours(3)), now.plus(Duration.ofHours(4)), null, null, 2000,
                now, 900L, 600L, "pricing-test"));
        // Only a dropoff slot, tomorrow: offered the lead plus the ride before the slot opens.
        UUID tomorrow = UUID.randomUUID();
        deliveries.add(tomorrow);
        Instant slot = now.plus(Duration.ofDays(1));
        send(Topics.DELIVERY_REQUESTS, tomorrow.toString(), new DeliveryRequested(tomorrow, UUID.randomUUID(), here,
                metersNorth(-2000), null, null, slot, slot.plus(Duration.ofHours(1)), 2000, now, 900L, 600L,
                "pricing-test"));
        // Booked last, for a pickup just over the lead away: due in a few seconds.
        UUID soon = UUID.randomUUID();
        deliveries.add(soon);
        Instant soonPickup = now.plus(lead).plusSeconds(3);
        send(Topics.DELIVERY_REQUESTS, soon.toString(), new DeliveryRequested(soon, UUID.randomUUID(), here,
                metersNorth(-2000), soonPickup, soonPickup.plus(Duration.ofMinutes(30)), null, null, 2000, now,
                900L, 600L, "pricing-test"));

        JobOffered offer = awaitEvent(offers, JobOffered.class, o -> o.deliveryId().equals(soon));
        assertEquals(rider, offer.riderId());
        var soonExplained = given().auth().oauth2(coordinatorToken()).when().get("/api/v1/decisions/" + soon)
                .then().statusCode(200).extract().jsonPath();
        Instant soonFrom = Instant.parse(soonExplained.getString("offerFrom"));
        assertEquals(soonPickup.minus(lead).toEpochMilli(), soonFrom.toEpochMilli(), 1);
        assertTrue(!Instant.parse(soonExplained.getString("offers[0].offeredAt")).isBefore(soonFrom),
                soonExplained.prettify());

        given().auth().oauth2(coordinatorToken()).when().get("/api/v1/decisions/" + later)
                .then().statusCode(200).body("status", equalTo("WAITING")).body("offers", hasSize(0))
                .body("decisions", hasSize(0));
        assertEquals(0, count(offers, JobOffered.class, o -> o.deliveryId().equals(later)
                || o.deliveryId().equals(tomorrow)));
        Instant tomorrowFrom = Instant.parse(given().auth().oauth2(coordinatorToken())
                .when().get("/api/v1/decisions/" + tomorrow).then().statusCode(200).extract().path("offerFrom"));
        assertTrue(tomorrowFrom.isBefore(slot.minus(lead)) && tomorrowFrom.isAfter(slot.minus(lead).minusSeconds(900)),
                "a 2 km ride, about 10 minutes by bike, before the slot's lead: " + tomorrowFrom);
    }

    @Test
    void oneDeploymentServesTwoCitiesAndAJobGoesOnlyToRidersOfItsCity() {
        GeoPoint bismarckplatz = here;
        UUID heidelbergRider = riderOnline(200, Duration.ofMinutes(30));
        here = new GeoPoint(50.1245, 14.4700); // Kobylisy, on the Prague map the test profile also loads
        UUID pragueRider = riderOnline(400, Duration.ofMinutes(1));
        awaitQueueContains(pragueRider);
        UUID delivery = requestDelivery();

        JobOffered offer = awaitEvent(offers, JobOffered.class, o -> o.deliveryId().equals(delivery));
        assertEquals(pragueRider, offer.riderId(), "the Heidelberg rider waited longer but cannot reach Prague");
        given().auth().oauth2(coordinatorToken()).when().get("/api/v1/decisions/" + delivery)
                .then().statusCode(200)
                .body("decisions[0].candidates.riderId", equalTo(List.of(pragueRider.toString())))
                .body("decisions[0].excluded.riderId", org.hamcrest.Matchers.hasItem(heidelbergRider.toString()));

        given().auth().oauth2(coordinatorToken())
                .when().get("/api/v1/routes?from=50.1245,14.4700&to=50.1190,14.4990&profile=cargo_bike")
                .then().statusCode(200).body("profile", equalTo("cargo_bike"));
        given().auth().oauth2(coordinatorToken())
                .when().get("/api/v1/routes?from=%s,%s&to=50.1190,14.4990".formatted(bismarckplatz.lat(),
                        bismarckplatz.lon()))
                .then().statusCode(422).contentType("application/problem+json");
    }

    static void adopt(String version, String document) {
        try {
            send(Topics.COOP_POLICIES, "dispatch", new PolicyAdopted("dispatch", version, Instant.now(),
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(document), null));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void awaitQueueContains(UUID rider) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(coordinatorToken()).when().get("/api/v1/dispatch/queue")
                        .then().statusCode(200).body("riderId", org.hamcrest.Matchers.hasItem(rider.toString())));
    }
}
