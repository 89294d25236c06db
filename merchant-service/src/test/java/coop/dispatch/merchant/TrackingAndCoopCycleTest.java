package coop.dispatch.merchant;

import coop.dispatch.contracts.Events;
import coop.dispatch.contracts.Topics;
import coop.dispatch.contracts.events.DeliveryAssigned;
import coop.dispatch.contracts.events.DeliveryDelivered;
import coop.dispatch.contracts.events.DeliveryPickedUp;
import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.RiderLocation;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static coop.dispatch.merchant.MerchantApiTest.awaitStatus;
import static coop.dispatch.merchant.MerchantApiTest.countDeliveries;
import static coop.dispatch.merchant.MerchantApiTest.deliveryJson;
import static coop.dispatch.merchant.MerchantApiTest.newMerchantToken;
import static coop.dispatch.merchant.MerchantApiTest.produceStatus;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The public tracking page and CoopCycle's delivery endpoint. */
@QuarkusTest
class TrackingAndCoopCycleTest {
    @BeforeAll
    static void connect() {
        MerchantApiTest.connect();
    }

    @AfterAll
    static void close() {
        MerchantApiTest.close();
    }

    static void produceLocation(UUID rider, double lat, double lon, Instant at) {
        MerchantApiTest.kafka.produceStrings().fromRecords(new ProducerRecord<>(MerchantApiTest.topic(Topics.RIDER_STATUS),
                rider.toString(), Events.toJson(Events.envelope(rider.toString(),
                        new RiderLocation(rider, new GeoPoint(lat, lon), at), Instant.now())))).awaitCompletion();
    }

    static String path(String trackingUrl) {
        return trackingUrl.substring(trackingUrl.indexOf("/track/"));
    }

    @Test
    void theTrackingLinkShowsStatusAndArrivalToAnyoneWithTheLinkAndNothingMore() {
        String token = newMerchantToken("Tracked bakery");
        var created = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(deliveryJson(49.4106, 8.6947, "")).when().post("/api/v1/deliveries")
                .then().statusCode(201).body("trackingUrl", containsString("/track/")).extract();
        String id = created.path("id");
        String track = path(created.path("trackingUrl"));
        assertTrue(track.length() > "/track/".length() + 30, "the token is long enough to be unguessable");

        given().accept("text/html").when().get(track)
                .then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("Looking for a rider")).body(containsString("name=\"viewport\""))
                .body(containsString("Tracked bakery")).body(containsString("Estimated arrival"));
        given().accept(ContentType.JSON).when().get(track)
                .then().statusCode(200).body("status", equalTo("REQUESTED"))
                .body("estimatedArrival", notNullValue()).body("courier", nullValue())
                .body("dropoffAddress", equalTo("Bergheimer Str. 20, Heidelberg"))
                .body("$", not(org.hamcrest.Matchers.hasKey("riderId")));

        UUID rider = UUID.randomUUID();
        produceStatus(id, new DeliveryAssigned(UUID.fromString(id), rider, UUID.randomUUID(), Instant.now()));
        produceStatus(id, new DeliveryPickedUp(UUID.fromString(id), rider, Instant.now()));
        awaitStatus(token, id, "PICKED_UP");
        given().when().get(track + ".json")
                .then().statusCode(200).body("status", equalTo("PICKED_UP"))
                .body("statusText", equalTo("Your parcel is on its way to you"))
                .body("history.status", equalTo(List.of("REQUESTED", "ASSIGNED", "PICKED_UP")))
                .body(not(containsString(rider.toString())));

        // On the way: the courier's position appears; another rider's never does; at delivery it is gone.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            produceLocation(rider, 49.4095, 8.6901, Instant.now());
            given().when().get(track + ".json").then().statusCode(200)
                    .body("courier.lat", equalTo(49.4095f)).body("courier.lon", equalTo(8.6901f))
                    .body("courier.at", notNullValue());
        });
        given().accept("text/html").when().get(track).then().statusCode(200)
                .body(containsString("mlat=49.4095&amp;mlon=8.6901"));
        UUID otherRider = UUID.randomUUID();
        produceLocation(otherRider, 49.3000, 8.5000, Instant.now().plusSeconds(5));
        produceStatus(id, new DeliveryDelivered(UUID.fromString(id), rider, Instant.now()));
        awaitStatus(token, id, "DELIVERED");
        produceLocation(rider, 49.4100, 8.6910, Instant.now().plusSeconds(10));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                given().when().get(track + ".json").then().statusCode(200).body("status", equalTo("DELIVERED"))
                        .body("courier", nullValue()));
        Delivery stored = QuarkusTransaction.requiringNew().call(() -> Delivery.findById(UUID.fromString(id)));
        assertNull(stored.courierLat, "the position is forgotten once the parcel is delivered");

        given().when().get("/track/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").then().statusCode(404)
                .contentType("application/problem+json");
        given().when().get("/track/short").then().statusCode(404);
    }

    @Test
    void coopCycleShapedRequestsCreateTheSameDeliveries() {
        String token = newMerchantToken("WooCommerce shop");
        var created = given().auth().oauth2(token).contentType(ContentType.JSON).body("""
                        {"pickup": {"address": {"streetAddress": "Hauptstraße 120, Heidelberg",
                                                "latLng": [49.4106, 8.6947], "telephone": "+49 6221 1",
                                                "contactName": "Café Rossi"},
                                    "comments": "back door"},
                         "dropoff": {"address": {"streetAddress": "Bergheimer Str. 20, Heidelberg",
                                                 "latLng": [49.4080, 8.6850], "contactName": "Ana",
                                                 "description": "2nd floor"},
                                     "timeSlot": "2030-06-01 12:00-13:00", "weight": 2500,
                                     "packages": [{"type": "box", "quantity": 2}], "comments": "ring twice"}}
                        """)
                .when().post("/api/deliveries")
                .then().statusCode(201)
                .body("@id", startsWith("/api/deliveries/"))
                .body("@type", equalTo("http://schema.org/ParcelDelivery"))
                .body("pickup.address.latLng", equalTo(List.of(49.4106f, 8.6947f)))
                .body("pickup.address.streetAddress", equalTo("Hauptstraße 120, Heidelberg"))
                .body("dropoff.after", equalTo("2030-06-01T12:00:00+02:00"))
                .body("dropoff.before", equalTo("2030-06-01T13:00:00+02:00"))
                .body("trackingUrl", containsString("/track/"))
                .extract();
        String id = created.path("id");
        given().auth().oauth2(token).when().get("/api/v1/deliveries/" + id)
                .then().statusCode(200).body("parcel.weightGrams", equalTo(2500))
                .body("parcel.packages[0].quantity", equalTo(2))
                .body("pickup.notes", equalTo("back door"))
                .body("dropoff.notes", equalTo("2nd floor\nring twice"))
                .body("pickup.phone", equalTo("+49 6221 1"));

        given().auth().oauth2(token).contentType(ContentType.JSON).body("""
                        {"pickup": {"address": "Hauptstraße 120, Heidelberg"},
                         "dropoff": {"address": {"streetAddress": "x", "latLng": [95.0, 8.6]},
                                     "before": "tomorrow"}}
                        """)
                .when().post("/api/deliveries")
                .then().statusCode(400).contentType("application/ld+json")
                .body("'@type'", equalTo("hydra:Error"))
                .body("errors.field", hasItem("dropoff.before"))
                .body("violations.propertyPath", hasItem("dropoff.before"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("""
                        {"pickup": {"address": {"streetAddress": "a", "latLng": [49.41, 8.69]}},
                         "dropoff": {"address": {"streetAddress": "b", "latLng": [95.0, 8.6]}}}
                        """)
                .when().post("/api/deliveries")
                .then().statusCode(400).body("errors.field", hasItem("dropoff.address.latLng[0]"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"pickup\": ")
                .when().post("/api/deliveries").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{}").when().post("/api/deliveries").then().statusCode(401);
        assertTrue(countDeliveries(token) == 1);
    }
}
