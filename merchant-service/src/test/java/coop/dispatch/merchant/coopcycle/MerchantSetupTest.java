package coop.dispatch.merchant.coopcycle;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static coop.dispatch.merchant.coopcycle.CoopCycleFixtures.HD_STORE;
import static coop.dispatch.merchant.coopcycle.CoopCycleFixtures.HD_STORE_AT;
import static coop.dispatch.merchant.coopcycle.CoopCycleFixtures.coordinator;
import static coop.dispatch.merchant.coopcycle.CoopCycleFixtures.everyDay;
import static coop.dispatch.merchant.coopcycle.CoopCycleFixtures.merchant;
import static coop.dispatch.merchant.coopcycle.CoopCycleFixtures.metres;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The coordinator's side: a merchant's city, store (geocoded) and time slots; refusals store nothing. */
@QuarkusTest
class MerchantSetupTest {
    static List<String> merchantNames() {
        return given().auth().oauth2(coordinator()).when().get("/api/v1/merchants")
                .then().statusCode(200).extract().path("name");
    }

    @Test
    void aMerchantBelongsToAConfiguredCityAndHasAGeocodedStoreAndTimeSlots() {
        String id = merchant("""
                {"name": "Setup bakery", "store": {"name": "Setup bakery", "address": "%s"}}
                """.formatted(HD_STORE));
        var m = given().auth().oauth2(coordinator()).when().get("/api/v1/merchants/" + id)
                .then().statusCode(200)
                .body("city", equalTo("heidelberg")) // the default city
                .body("store.address", equalTo(HD_STORE))
                .body("timeSlots", equalTo(List.of())).extract();
        float lat = m.path("store.location.lat");
        float lon = m.path("store.location.lon");
        assertTrue(metres(HD_STORE_AT, lat, lon) < 25, "geocoded where the map has it");

        String prague = merchant("{\"name\": \"Setup Praha\", \"city\": \"Prag\"}");
        given().auth().oauth2(coordinator()).when().get("/api/v1/merchants/" + prague)
                .then().statusCode(200).body("city", equalTo("prague")).body("store", nullValue());

        // A store with its position given is not geocoded; replacing it keeps one store.
        given().auth().oauth2(coordinator()).contentType(ContentType.JSON)
                .body("{\"name\": \"Stánek\", \"address\": \"Somewhere the map has no number for\", "
                        + "\"location\": {\"lat\": 50.1205, \"lon\": 14.4578}, \"telephone\": \"+420 600 000 000\"}")
                .when().put("/api/v1/merchants/" + prague + "/store")
                .then().statusCode(200).body("location.lat", equalTo(50.1205f)).body("name", equalTo("Stánek"));
        given().auth().oauth2(coordinator()).contentType(ContentType.JSON)
                .body("""
                        [{"name": "Evenings", "interval": "P3D", "priorNotice": "PT90M",
                          "openingHoursSpecification": [{"opens": "18:00:00", "closes": "21:00",
                                                         "dayOfWeek": ["monday", "Tu", "http://schema.org/Friday"]}]},
                         {"name": "Weekends", "openingHoursSpecification": [{"opens": "10:00", "closes": "14:00",
                                                                            "dayOfWeek": ["Saturday", "Sunday"]}]}]
                        """)
                .when().put("/api/v1/merchants/" + prague + "/time-slots")
                .then().statusCode(200)
                .body("[0].interval", equalTo("3 days")).body("[0].priorNotice", equalTo("90 minutes"))
                .body("[0].openingHoursSpecification[0].dayOfWeek", equalTo(List.of("Monday", "Tuesday",
                        "Friday")))
                .body("[0].openingHoursSpecification[0].opens", equalTo("18:00"))
                .body("[1].interval", equalTo("2 days"));
        given().auth().oauth2(coordinator()).when().get("/api/v1/merchants/" + prague)
                .then().statusCode(200).body("store.telephone", equalTo("+420 600 000 000"))
                .body("timeSlots.name", equalTo(List.of("Evenings", "Weekends")));
        given().auth().oauth2(coordinator()).contentType(ContentType.JSON).body("[]")
                .when().put("/api/v1/merchants/" + prague + "/time-slots").then().statusCode(200);
        given().auth().oauth2(coordinator()).when().get("/api/v1/merchants/" + prague)
                .then().statusCode(200).body("timeSlots", equalTo(List.of()));
    }

    @Test
    void anythingRefusedLeavesNothingBehind() {
        given().auth().oauth2(coordinator()).contentType(ContentType.JSON)
                .body("{\"name\": \"Atlantis shop\", \"city\": \"Atlantis\"}")
                .when().post("/api/v1/merchants")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("city")).body("detail", org.hamcrest.Matchers.containsString("prague"));
        given().auth().oauth2(coordinator()).contentType(ContentType.JSON)
                .body("{\"name\": \"Nowhere shop\", \"store\": {\"name\": \"Nowhere\", "
                        + "\"address\": \"Zzyzxweg 12, 69117 Heidelberg\"}}")
                .when().post("/api/v1/merchants")
                .then().statusCode(422).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("Zzyzxweg 12"));
        given().auth().oauth2(coordinator()).contentType(ContentType.JSON)
                .body("""
                        {"name": "Bad slots shop", "timeSlots": [{"name": "x", "interval": "soon",
                          "openingHoursSpecification": [{"opens": "14:00", "closes": "12:00", "dayOfWeek": ["Funday"]},
                                                        {"opens": "25:00", "closes": "12:00", "dayOfWeek": %s}]}]}
                        """.formatted(everyDay()))
                .when().post("/api/v1/merchants")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("timeSlots[0].interval",
                        "timeSlots[0].openingHoursSpecification[0].closes",
                        "timeSlots[0].openingHoursSpecification[0].dayOfWeek",
                        "timeSlots[0].openingHoursSpecification[1].opens"));
        given().auth().oauth2(coordinator()).contentType(ContentType.JSON)
                .body("{\"name\": \"No address\", \"store\": {\"name\": \"x\"}}")
                .when().post("/api/v1/merchants")
                .then().statusCode(400).body("errors.field", hasItem("store.address"));
        List<String> names = merchantNames();
        for (String refused : List.of("Atlantis shop", "Nowhere shop", "Bad slots shop", "No address")) {
            org.hamcrest.MatcherAssert.assertThat(names, not(hasItem(refused)));
        }

        // Replacing the store with an address the map does not have keeps the old one.
        String id = merchant("{\"name\": \"Keeps its store\", \"store\": {\"name\": \"Keeps\", \"address\": \"x\", "
                + "\"location\": {\"lat\": 49.41, \"lon\": 8.69}}}");
        given().auth().oauth2(coordinator()).contentType(ContentType.JSON)
                .body("{\"name\": \"Keeps\", \"address\": \"Zzyzxweg 12, 69117 Heidelberg\"}")
                .when().put("/api/v1/merchants/" + id + "/store").then().statusCode(422);
        given().auth().oauth2(coordinator()).when().get("/api/v1/merchants/" + id)
                .then().statusCode(200).body("store.location.lat", equalTo(49.41f));
        given().auth().oauth2(coordinator()).contentType(ContentType.JSON).body("[{\"name\": \"x\"}]")
                .when().put("/api/v1/merchants/" + id + "/time-slots").then().statusCode(400)
                .body("errors.field", hasItem("timeSlots[0].openingHoursSpecification"));
        given().auth().oauth2(coordinator()).contentType(ContentType.JSON).body("{}")
                .when().put("/api/v1/merchants/" + java.util.UUID.randomUUID() + "/store").then().statusCode(400);
    }
}
