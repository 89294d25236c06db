package coop.dispatch.merchant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import coop.dispatch.contracts.Events;
import coop.dispatch.contracts.Topics;
import coop.dispatch.contracts.events.PolicyAdopted;
import coop.dispatch.policies.PricingPolicies;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static coop.dispatch.merchant.MerchantApiTest.HEIDELBERG;
import static coop.dispatch.merchant.MerchantApiTest.coordinatorToken;
import static coop.dispatch.merchant.MerchantApiTest.countDeliveries;
import static coop.dispatch.merchant.MerchantApiTest.deliveryJson;
import static coop.dispatch.merchant.MerchantApiTest.ensureZone;
import static coop.dispatch.merchant.MerchantApiTest.merchantToken;
import static coop.dispatch.merchant.MerchantApiTest.newMerchantToken;
import static coop.dispatch.merchant.MerchantApiTest.topic;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Service zones (GeoJSON), quotes with routing, the pricing policy and its adoption. */
@QuarkusTest
class ZonesQuotesPricingTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void connect() {
        MerchantApiTest.connect();
    }

    @AfterAll
    static void close() {
        MerchantApiTest.close();
    }

    @Test
    void coordinatorsManageZonesInGeoJsonAndMerchantsMayReadThem() {
        String coordinator = coordinatorToken();
        String id = given().auth().oauth2(coordinator).contentType(ContentType.JSON)
                .body("{\"name\": \"Neuenheim\", \"area\": {\"type\": \"Feature\", \"properties\": {}, \"geometry\": "
                        + "{\"type\": \"Polygon\", \"coordinates\": [[[8.68, 49.41], [8.70, 49.41], [8.70, 49.42], "
                        + "[8.68, 49.42], [8.68, 49.41]]]}}}")
                .when().post("/api/v1/zones")
                .then().statusCode(201).header("Location", containsString("/api/v1/zones/"))
                .body("area.type", equalTo("MultiPolygon"))
                .body("area.coordinates[0][0][1]", equalTo(List.of(8.70f, 49.41f)))
                .extract().path("id");
        given().auth().oauth2(coordinator).contentType(ContentType.JSON)
                .body("{\"name\": \"Neuenheim+\", \"area\": " + HEIDELBERG + "}")
                .when().put("/api/v1/zones/" + id)
                .then().statusCode(200).body("name", equalTo("Neuenheim+"))
                .body("area.coordinates[0][0]", hasSize(5));
        String merchant = newMerchantToken("Zone reader");
        given().auth().oauth2(merchant).when().get("/api/v1/zones/" + id).then().statusCode(200);
        given().auth().oauth2(merchant).when().get("/api/v1/zones").then().statusCode(200)
                .body("id", hasItem(id));
        given().auth().oauth2(merchant).contentType(ContentType.JSON)
                .body("{\"name\": \"mine\", \"area\": " + HEIDELBERG + "}")
                .when().post("/api/v1/zones").then().statusCode(403);
        given().when().get("/api/v1/zones").then().statusCode(401);

        // Refusals: each names the fault, none stores anything.
        int zones = given().auth().oauth2(coordinator).when().get("/api/v1/zones").then().extract().path("size()");
        given().auth().oauth2(coordinator).contentType(ContentType.JSON)
                .body("{\"name\": \"bow tie\", \"area\": {\"type\": \"Polygon\", \"coordinates\": [[[8.6, 49.3], "
                        + "[8.7, 49.4], [8.7, 49.3], [8.6, 49.4], [8.6, 49.3]]]}}")
                .when().post("/api/v1/zones")
                .then().statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("Self-intersection"));
        given().auth().oauth2(coordinator).contentType(ContentType.JSON)
                .body("{\"name\": \"open\", \"area\": {\"type\": \"Polygon\", \"coordinates\": [[[8.6, 49.3], "
                        + "[8.7, 49.4], [8.7, 49.3], [8.6, 49.4]]]}}")
                .when().post("/api/v1/zones")
                .then().statusCode(422).body("detail", containsString("must end where it starts"));
        given().auth().oauth2(coordinator).contentType(ContentType.JSON)
                .body("{\"name\": \"swapped\", \"area\": {\"type\": \"Polygon\", \"coordinates\": [[[49.4, 8.6], "
                        + "[49.4, 188.7], [49.5, 8.7], [49.4, 8.6]]]}}")
                .when().post("/api/v1/zones")
                .then().statusCode(422).body("errors.field", hasItem("area.coordinates[0][1]"));
        given().auth().oauth2(coordinator).contentType(ContentType.JSON)
                .body("{\"name\": \"point\", \"area\": {\"type\": \"Point\", \"coordinates\": [8.6, 49.4]}}")
                .when().post("/api/v1/zones").then().statusCode(422).body("errors.field", hasItem("area.type"));
        given().auth().oauth2(coordinator).contentType(ContentType.JSON).body("{\"name\": \"no area\"}")
                .when().post("/api/v1/zones").then().statusCode(400).body("errors.field", hasItem("area"));
        given().auth().oauth2(coordinator).when().get("/api/v1/zones").then().body("size()", equalTo(zones));

        given().auth().oauth2(coordinator).when().delete("/api/v1/zones/" + id).then().statusCode(204);
        given().auth().oauth2(coordinator).when().get("/api/v1/zones/" + id).then().statusCode(404);
    }

    @Test
    void pointsOutsideEveryZoneAreRefusedNamingThePointAndWithoutZonesNothingIsAccepted() {
        String token = newMerchantToken("Far away shop");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(deliveryJson(52.52, 13.40, ""))
                .when().post("/api/v1/deliveries")
                .then().statusCode(422).contentType("application/problem+json")
                .body("title", equalTo("Outside the service area"))
                .body("errors.field", equalTo(List.of("pickup.location")))
                .body("detail", containsString("pickup.location is outside every service zone"));
        String farDropoff = deliveryJson(49.41, 8.69, "").replace("\"lat\": 49.4080, \"lon\": 8.6850",
                "\"lat\": 48.1374, \"lon\": 11.5755");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(farDropoff)
                .when().post("/api/v1/deliveries")
                .then().statusCode(422).body("errors.field", equalTo(List.of("dropoff.location")));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(farDropoff)
                .when().post("/api/v1/quotes")
                .then().statusCode(422).body("errors.field", equalTo(List.of("dropoff.location")));
        assertEquals(0, countDeliveries(token));

        // No zone in the merchant's city: nothing is accepted, and the answer says why (the zones come back at once).
        String coordinator = coordinatorToken();
        List<String> ids = given().auth().oauth2(coordinator).when().get("/api/v1/zones?city=heidelberg").then()
                .extract().path("id");
        for (String id : ids) {
            given().auth().oauth2(coordinator).when().delete("/api/v1/zones/" + id).then().statusCode(204);
        }
        try {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(deliveryJson(49.41, 8.69, ""))
                    .when().post("/api/v1/deliveries")
                    .then().statusCode(422).body("title", equalTo("No service area configured"));
        } finally {
            ensureZone();
        }
        assertEquals(0, countDeliveries(token));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(deliveryJson(49.41, 8.69, ""))
                .when().post("/api/v1/deliveries").then().statusCode(201);
    }

    @Test
    void eachCityHasItsOwnZonesAndAMerchantDeliversOnlyWithinItsCity() {
        String coordinator = coordinatorToken();
        String pragueZone = """
                {"type": "Polygon", "coordinates": [[[14.45, 50.11], [14.53, 50.11], [14.53, 50.15], [14.45, 50.15],
                 [14.45, 50.11]]]}""";
        String zone = given().auth().oauth2(coordinator).contentType(ContentType.JSON)
                .body("{\"name\": \"Prague north (tests)\", \"city\": \"prague\", \"area\": " + pragueZone + "}")
                .when().post("/api/v1/zones")
                .then().statusCode(201).body("city", equalTo("prague")).extract().path("id");
        try {
            given().auth().oauth2(coordinator).contentType(ContentType.JSON)
                    .body("{\"name\": \"Atlantis\", \"city\": \"atlantis\", \"area\": " + pragueZone + "}")
                    .when().post("/api/v1/zones")
                    .then().statusCode(422).contentType("application/problem+json")
                    .body("errors.field", equalTo(List.of("city"))).body("detail", containsString("prague"));
            given().auth().oauth2(coordinator).when().get("/api/v1/zones?city=prague").then().statusCode(200)
                    .body("id", equalTo(List.of(zone))).body("city", equalTo(List.of("prague")));

            // A Heidelberg merchant neither sees Prague's zones nor delivers there, though both points are in a zone.
            String heidelberg = newMerchantToken("Heidelberg shop");
            given().auth().oauth2(heidelberg).when().get("/api/v1/zones").then().statusCode(200)
                    .body("id", not(hasItem(zone))).body("city", everyItem(equalTo("heidelberg")));
            String inPrague = deliveryJson(50.1245, 14.4700, "").replace("\"lat\": 49.4080, \"lon\": 8.6850",
                    "\"lat\": 50.1190, \"lon\": 14.4990");
            given().auth().oauth2(heidelberg).contentType(ContentType.JSON).body(inPrague)
                    .when().post("/api/v1/deliveries")
                    .then().statusCode(422).body("errors.field", containsInAnyOrder("dropoff.location", "pickup.location"))
                    .body("detail", containsString("outside every service zone of Heidelberg"));
            assertEquals(0, countDeliveries(heidelberg));

            // A Prague merchant delivers in Prague and not in Heidelberg.
            String merchantId = given().auth().oauth2(coordinator).contentType(ContentType.JSON)
                    .body("{\"name\": \"Prague shop\", \"city\": \"prague\"}").when().post("/api/v1/merchants")
                    .then().statusCode(201).body("city", equalTo("prague")).extract().path("id");
            String secret = given().auth().oauth2(coordinator).contentType(ContentType.JSON)
                    .body("{\"name\": \"shop system\"}").when().post("/api/v1/merchants/" + merchantId + "/api-clients")
                    .then().statusCode(201).extract().asString();
            String prague = merchantToken(new String[]{JsonPath.from(secret).getString("clientId"),
                    JsonPath.from(secret).getString("clientSecret")});
            given().auth().oauth2(prague).when().get("/api/v1/zones").then().statusCode(200)
                    .body("id", equalTo(List.of(zone)));
            given().auth().oauth2(prague).contentType(ContentType.JSON).body(inPrague)
                    .when().post("/api/v1/deliveries").then().statusCode(201);
            given().auth().oauth2(prague).contentType(ContentType.JSON).body(deliveryJson(49.41, 8.69, ""))
                    .when().post("/api/v1/deliveries")
                    .then().statusCode(422).body("detail", containsString("outside every service zone of Praha"));
        } finally {
            given().auth().oauth2(coordinator).when().delete("/api/v1/zones/" + zone).then().statusCode(204);
        }
    }

    @Test
    void aQuoteRoutesWithTheMerchantsTokenAndStoresNothing() {
        String token = newMerchantToken("Quoting shop");
        String version = given().auth().oauth2(token).when().get("/api/v1/pricing/policy")
                .then().statusCode(200).body("document.currency", equalTo("EUR")).extract().path("version");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(deliveryJson(49.4106, 8.6947, ""))
                .when().post("/api/v1/quotes")
                .then().statusCode(200)
                .body("distanceMeters", equalTo((int) RoutingStub.DISTANCE_METERS))
                .body("durationSeconds", equalTo((int) RoutingStub.DURATION_SECONDS))
                .body("distanceSource", equalTo("ROUTED"))
                .body("priceCents", greaterThan(0))
                .body("policyVersion", equalTo(version))
                .body("vehicle", equalTo("BIKE"))
                .body("lines.label", hasItem("base"))
                .body("earliestPickupAt", notNullValue())
                .body("estimatedDropoffAt", notNullValue());
        assertEquals("Bearer " + token, System.getProperty(RoutingStub.LAST_AUTHORIZATION),
                "the router is called with the merchant's own token");
        assertEquals(0, countDeliveries(token));

        // A delivery is priced on the same route.
        given().auth().oauth2(token).contentType(ContentType.JSON).body(deliveryJson(49.4106, 8.6947, ""))
                .when().post("/api/v1/deliveries")
                .then().statusCode(201).body("route.source", equalTo("ROUTED"))
                .body("route.distanceMeters", equalTo(2345)).body("price.policyVersion", equalTo(version));

        // Too heavy for any vehicle: refused by name.
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(deliveryJson(49.4106, 8.6947, "").replace("\"weightGrams\": 1800", "\"weightGrams\": 150000"))
                .when().post("/api/v1/quotes")
                .then().statusCode(422).body("errors.field", hasItem("parcel.weightGrams"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"pickup\": {}}")
                .when().post("/api/v1/quotes").then().statusCode(400);
        given().contentType(ContentType.JSON).body(deliveryJson(49.4106, 8.6947, ""))
                .when().post("/api/v1/quotes").then().statusCode(401);
    }

    @Test
    void aQuoteRoutesWithTheProfileOfTheVehicleTheParcelNeedsAndPricesThatRoute() {
        String token = newMerchantToken("Heavy parcels shop");
        var limits = given().auth().oauth2(token).when().get("/api/v1/pricing/policy")
                .then().statusCode(200).extract();
        int bikeMax = limits.path("document.vehicleMaxGrams.BIKE");
        int ebikeMax = limits.path("document.vehicleMaxGrams.EBIKE");
        List<String> cargoSizes = limits.path("document.cargoBikeSizes");
        assertTrue(bikeMax < ebikeMax && !cargoSizes.isEmpty(), "the policy has three vehicles");
        String[][] cases = {
                {"{\"weightGrams\": " + bikeMax + "}", "BIKE", "bike"},
                {"{\"weightGrams\": " + (bikeMax + 1) + "}", "EBIKE", "ebike"},
                {"{\"weightGrams\": " + (ebikeMax + 1) + "}", "CARGO_BIKE", "cargo_bike"},
                {"{\"weightGrams\": 500, \"size\": \"" + cargoSizes.get(0) + "\"}", "CARGO_BIKE", "cargo_bike"}};
        for (String[] c : cases) {
            String body = deliveryJson(49.4106, 8.6947, "").replace("{\"weightGrams\": 1800}", c[0]);
            double[] route = RoutingStub.ROUTES.get(c[2]);
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/quotes")
                    .then().statusCode(200)
                    .body("vehicle", equalTo(c[1]))
                    .body("distanceMeters", equalTo((int) route[0]))
                    .body("durationSeconds", equalTo((int) route[1]))
                    .body("distanceSource", equalTo("ROUTED"))
                    .body("lines.label", hasItem(String.format(java.util.Locale.ROOT, "distance %.2f km",
                            route[0] / 1000)));
        }
        // Creation routes the same way.
        String cargo = deliveryJson(49.4106, 8.6947, "").replace("{\"weightGrams\": 1800}", cases[2][0]);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(cargo)
                .when().post("/api/v1/deliveries")
                .then().statusCode(201).body("route.source", equalTo("ROUTED"))
                .body("route.distanceMeters", equalTo((int) RoutingStub.ROUTES.get("cargo_bike")[0]));
    }

    @Test
    void withoutRoutingQuotesAnswer503ButDeliveriesArePricedOnTheStraightLine() {
        String token = newMerchantToken("Routing-less shop");
        String body = deliveryJson(RoutingStub.ROUTING_DOWN_LAT, 8.7000, "");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/quotes")
                .then().statusCode(503).contentType("application/problem+json")
                .body("title", equalTo("Routing unavailable"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/deliveries")
                .then().statusCode(201).body("route.source", equalTo("STRAIGHT_LINE"))
                .body("route.distanceMeters", not(equalTo(2345)))
                .body("price.amountCents", greaterThan(0));
    }

    @Test
    void anAdoptedPricingPolicyAppliesFromItsEffectiveTimeAndIsRecordedOnEveryPrice() throws Exception {
        String token = newMerchantToken("Policy shop");
        String version = "test-" + UUID.randomUUID().toString().substring(0, 8);
        ObjectNode document = (ObjectNode) PricingPolicies.toJson(PricingPolicies.defaultPolicy().policy());
        document.put("version", version);
        document.put("baseCents", 990);
        ObjectNode future = document.deepCopy();
        future.put("version", version + "-future");
        ObjectNode invalid = document.deepCopy();
        invalid.put("version", version + "-invalid");
        invalid.put("priceExpression", "subtotal_cents + nonsense");
        for (var p : List.of(new PolicyAdopted("pricing", version + "-invalid", Instant.now(), invalid, "p-0"),
                new PolicyAdopted("pricing", version, Instant.now().minusSeconds(1), document, "p-1"),
                new PolicyAdopted("pricing", version + "-future", Instant.now().plusSeconds(86_400), future, "p-2"))) {
            MerchantApiTest.kafka.produceStrings().fromRecords(new ProducerRecord<>(topic(Topics.COOP_POLICIES),
                    "pricing", Events.toJson(Events.envelope("pricing", p, Instant.now())))).awaitCompletion();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().auth().oauth2(token).when().get("/api/v1/pricing/policies")
                        .then().statusCode(200).body("version", hasItem(version + "-future")));
        given().auth().oauth2(token).when().get("/api/v1/pricing/policy")
                .then().body("version", equalTo(version)).body("proposalId", equalTo("p-1"))
                .body("document.baseCents", equalTo(990));
        given().auth().oauth2(token).when().get("/api/v1/pricing/policies")
                .then().body("version", not(hasItem(version + "-invalid")));

        var created = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(deliveryJson(49.4106, 8.6947, "")).when().post("/api/v1/deliveries")
                .then().statusCode(201).body("price.policyVersion", equalTo(version)).extract();
        int price = created.path("price.amountCents");
        assertTrue(price >= 990, "the new base price applies: " + price);
    }
}
