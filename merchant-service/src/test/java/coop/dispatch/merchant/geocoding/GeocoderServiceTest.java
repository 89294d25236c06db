package coop.dispatch.merchant.geocoding;

import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.commons.security.Roles;
import coop.dispatch.geocoder.OsmExtractReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The geocoder over the real Prague and Heidelberg extracts, imported by the service at start (test profile:
 * coop.cities.*.osm-file in ../shared/osm): addresses taken from the imported tables are asked for as people write
 * them and must come back within 25 m of where the map has them.
 */
@QuarkusTest
class GeocoderServiceTest {
    private static final double NEAR = 25;

    @Inject
    AddressGeocoder geocoder;

    @Inject
    DataSource dataSource;

    /** One mapped address, as the import stored it. */
    record Mapped(String street, String housenumber, String conscription, String streetNumber, String postcode,
                  String cityName, double lat, double lon) {
    }

    @BeforeEach
    void importDone() {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() -> geocoder.ready()
                && geocoder.states().values().stream().allMatch(s -> s.state().equals("ready")));
    }

    @Test
    void importsBothCitiesAndRecordsTheirFingerprints() throws SQLException {
        assertTrue(count("SELECT count(*) FROM geocoder_address WHERE city_key = 'prague'") > 5_000);
        assertTrue(count("SELECT count(*) FROM geocoder_address WHERE city_key = 'heidelberg'") > 300);
        assertTrue(count("SELECT count(*) FROM geocoder_street_name WHERE city_key = 'heidelberg'") > 1_000);
        assertEquals(2, count("SELECT count(*) FROM geocoder_import WHERE file_name IN ('prague-small.osm.pbf', "
                + "'heidelberg.test.pbf')"));
        // Most Prague addresses carry no addr:city: they take the configured name.
        assertTrue(count("SELECT count(*) FROM geocoder_address WHERE city_key = 'prague' AND city_name = 'Praha'")
                > 5_000);
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Geocoder' }.data.prague", containsString("ready"));
    }

    @Test
    void exactAddressesOfBothExtractsAreFoundWhereTheMapHasThem() throws SQLException {
        for (String city : List.of("prague", "heidelberg")) {
            for (Mapped a : sample(city, 25)) {
                GeocodedAddress found = geocoder.resolve("address", a.street() + " " + a.housenumber() + ", "
                        + (a.postcode() == null ? "" : a.postcode() + " ") + a.cityName(), city);
                assertNear(a, found);
                assertEquals("address", found.precision());
                assertTrue(found.confidence() >= 0.95, found.toString());
            }
        }
    }

    @Test
    void degradedFormsOfPragueAddressesAreFoundToo() throws SQLException {
        for (Mapped a : sample("prague", 25)) {
            String plain = Normalizer.normalize(a.street(), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
            String number = a.streetNumber() != null ? a.streetNumber() : a.housenumber();
            List<String> forms = List.of(
                    plain.toLowerCase(Locale.ROOT) + " " + a.housenumber(),
                    number + " " + a.street() + ", Prague",
                    a.street().toUpperCase(Locale.ROOT) + " " + a.housenumber() + ", "
                            + (a.postcode() == null ? "" : a.postcode().substring(0, 3) + " "
                            + a.postcode().substring(3)),
                    typo(a.street()) + " " + a.housenumber() + ", Praha");
            for (String form : forms) {
                assertNear(a, geocoder.resolve("address", form, "prague"));
            }
        }
    }

    @Test
    void abbreviationsOfTheTableAreUnderstood() throws SQLException {
        Mapped strasse = one("heidelberg", "street LIKE '%straße' AND street NOT LIKE '% %'");
        assertNear(strasse, geocoder.resolve("address", strasse.street().replace("straße", "str.") + " "
                + strasse.housenumber(), "heidelberg"));
        assertNear(strasse, geocoder.resolve("address", strasse.street().replace("straße", "strasse") + " "
                + strasse.housenumber(), "heidelberg"));
    }

    @Test
    void aNumberThatIsNotMappedIsPlacedBetweenItsNeighboursWithLowerConfidence() throws SQLException {
        // Two mapped numbers n and n + 4 of a street with n + 2 missing.
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT a.street, a.number_value, ST_Y(a.location), ST_X(a.location), ST_Y(b.location), ST_X(b.location)
                  FROM geocoder_address a JOIN geocoder_address b
                    ON b.city_key = a.city_key AND b.street_norm = a.street_norm AND b.number_value = a.number_value + 4
                 WHERE a.city_key = 'prague' AND a.number_value > 10
                   AND NOT EXISTS (SELECT 1 FROM geocoder_address m WHERE m.city_key = a.city_key
                                     AND m.street_norm = a.street_norm AND m.number_value = a.number_value + 2)
                   AND NOT EXISTS (SELECT 1 FROM geocoder_address m WHERE m.city_key = a.city_key
                                     AND m.street_norm = a.street_norm AND m.conscription = (a.number_value + 2)::text)
                 ORDER BY a.id LIMIT 1""");
             ResultSet rs = s.executeQuery()) {
            assertTrue(rs.next(), "the Prague extract has a gap in some street's numbers");
            String query = rs.getString(1) + " " + (rs.getInt(2) + 2);
            GeocodedAddress found = geocoder.resolve("address", query, "prague");
            assertEquals("interpolated", found.precision(), found.toString());
            assertTrue(found.confidence() < 0.95 && found.confidence() >= 0.5, found.toString());
            double midLat = (rs.getDouble(3) + rs.getDouble(5)) / 2;
            double midLon = (rs.getDouble(4) + rs.getDouble(6)) / 2;
            assertTrue(metres(found.location().lat(), found.location().lon(), midLat, midLon) < 1, found.toString());
        }
    }

    @Test
    void aNumberOfAnInterpolationWayIsFoundWhereTheWayPutsIt() throws SQLException {
        // Heidelberg's extract maps house numbers with addr:interpolation ways (46 of them); the import places the
        // numbers they stand for along them (osm type 'I'), and the answer says they are interpolated.
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT street, housenumber, postcode, city_name, ST_Y(location), ST_X(location)
                  FROM geocoder_address WHERE city_key = 'heidelberg' AND osm_type = 'I' ORDER BY id % 13, id LIMIT 5""");
             ResultSet rs = s.executeQuery()) {
            int seen = 0;
            while (rs.next()) {
                seen++;
                String query = rs.getString(1) + " " + rs.getString(2) + ", "
                        + (rs.getString(3) == null ? "" : rs.getString(3) + " ") + rs.getString(4);
                GeocodedAddress found = geocoder.resolve("address", query, "heidelberg");
                assertEquals("interpolated", found.precision(), query + " -> " + found);
                assertTrue(found.confidence() < 0.95 && found.confidence() >= geocoder.minConfidence(),
                        found.toString());
                assertTrue(metres(found.location().lat(), found.location().lon(), rs.getDouble(5), rs.getDouble(6))
                        < 1, query + " -> " + found);
            }
            assertEquals(5, seen, "the Heidelberg extract's interpolation ways give numbers");
        }
    }

    @Test
    void aStreetWithoutThatNumberIsOnlyACandidateAndTheAddressIsRefused() throws SQLException {
        Mapped a = sample("prague", 1).get(0);
        ApiException e = assertThrows(ApiException.class,
                () -> geocoder.resolve("dropoff.address", a.street() + " 9999", "prague"));
        assertEquals(422, e.status());
        assertTrue(e.getMessage().contains(a.street() + " 9999"), e.getMessage());
        assertTrue(e.violations().stream().anyMatch(v -> v.field().equals("dropoff.address")
                && v.message().contains(a.street()) && v.message().contains("street")), e.violations().toString());
        List<GeocodedAddress> candidates = geocoder.search(a.street() + " 9999", "prague", 5);
        assertEquals("street", candidates.get(0).precision());
        assertTrue(candidates.get(0).confidence() < geocoder.minConfidence());
    }

    @Test
    void garbageEmptyAndHugeInputAreRefusedWith422NeverA500() {
        for (String input : List.of("xqzvw jkpfh 77", "", "   ", "!!!///???", "12", "x".repeat(5_000))) {
            ApiException e = assertThrows(ApiException.class, () -> geocoder.resolve("dropoff.address", input,
                    "prague"), input);
            assertEquals(422, e.status(), input);
            assertFalse(e.violations().isEmpty());
            assertTrue(e.violations().size() <= 5);
            assertTrue(e.violations().stream().allMatch(v -> v.field().equals("dropoff.address")));
        }
        ApiException e = assertThrows(ApiException.class, () -> geocoder.resolve("address", "xqzvw jkpfh 77",
                "prague"));
        assertTrue(e.getMessage().contains("xqzvw jkpfh 77"), e.getMessage());
    }

    @Test
    void theEndpointAnswersCandidatesWithConfidenceAndPrecision() throws SQLException {
        Mapped a = sample("prague", 1).get(0);
        String coordinator = token(Roles.COORDINATOR);
        given().auth().oauth2(coordinator).queryParam("q", a.street() + " " + a.housenumber())
                .queryParam("city", "Prague").queryParam("limit", 3)
                .when().get("/api/v1/geocode")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("city", equalTo("prague"))
                .body("candidates.size()", lessThanOrEqualTo(3))
                .body("candidates[0].precision", equalTo("address"))
                .body("candidates[0].confidence", greaterThan(0.9f))
                .body("candidates[0].label", containsString(a.street()))
                .body("candidates.city", everyItem(equalTo("prague")));
        given().auth().oauth2(coordinator).queryParam("q", "Vinohr").when().get("/api/v1/geocode")
                .then().statusCode(200);
    }

    @Test
    void badInputIsAProblemWith400() {
        String coordinator = token(Roles.COORDINATOR);
        given().auth().oauth2(coordinator).when().get("/api/v1/geocode")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("q"));
        given().auth().oauth2(coordinator).queryParam("q", "x".repeat(301)).when().get("/api/v1/geocode")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(coordinator).queryParam("q", "Klapkova").queryParam("limit", 0)
                .when().get("/api/v1/geocode").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(coordinator).queryParam("q", "Klapkova").queryParam("city", "Atlantis")
                .when().get("/api/v1/geocode").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void onlyMerchantsAndCoordinatorsMaySearch() {
        given().queryParam("q", "Klapkova 10").when().get("/api/v1/geocode").then().statusCode(401);
        given().auth().oauth2(token(Roles.RIDER)).queryParam("q", "Klapkova 10").when().get("/api/v1/geocode")
                .then().statusCode(403);
    }

    @Test
    void aMerchantSearchesItsOwnCityOnly() throws SQLException {
        Mapped heidelberg = sample("heidelberg", 1).get(0);
        String query = heidelberg.street() + " " + heidelberg.housenumber();
        String prague = merchantToken("prague");
        given().auth().oauth2(prague).queryParam("q", query).when().get("/api/v1/geocode")
                .then().statusCode(200).body("city", equalTo("prague"))
                .body("candidates.city", not(hasItem("heidelberg")));
        given().auth().oauth2(prague).queryParam("q", query).queryParam("city", "heidelberg")
                .when().get("/api/v1/geocode").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(merchantToken("heidelberg")).queryParam("q", query).when().get("/api/v1/geocode")
                .then().statusCode(200).body("city", equalTo("heidelberg"))
                .body("candidates[0].city", equalTo("heidelberg"))
                .body("candidates[0].label", containsString(heidelberg.street()));
        // A coordinator without a city searches them all.
        given().auth().oauth2(token(Roles.COORDINATOR)).queryParam("q", query).when().get("/api/v1/geocode")
                .then().statusCode(200).body("candidates[0].city", equalTo("heidelberg"));
    }

    private void assertNear(Mapped expected, GeocodedAddress found) throws SQLException {
        // An address mapped twice (entrance node and building) may be answered with either position.
        double best = Double.MAX_VALUE;
        for (double[] p : positions(expected)) {
            best = Math.min(best, metres(found.location().lat(), found.location().lon(), p[0], p[1]));
        }
        assertTrue(best <= NEAR, expected + " -> " + found + " (" + Math.round(best) + " m)");
    }

    private List<double[]> positions(Mapped a) throws SQLException {
        List<double[]> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT ST_Y(location), ST_X(location) FROM geocoder_address WHERE street = ? AND housenumber = ?")) {
            s.setString(1, a.street());
            s.setString(2, a.housenumber());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new double[]{rs.getDouble(1), rs.getDouble(2)});
                }
            }
        }
        return out;
    }

    /** A spread of a city's addresses (the same on every run): every n-th by id. */
    private List<Mapped> sample(String city, int n) throws SQLException {
        return query(city, "TRUE ORDER BY id % 97, id LIMIT " + n);
    }

    private Mapped one(String city, String condition) throws SQLException {
        List<Mapped> found = query(city, condition + " ORDER BY id LIMIT 1");
        assertFalse(found.isEmpty(), condition);
        return found.get(0);
    }

    private List<Mapped> query(String city, String condition) throws SQLException {
        List<Mapped> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT street, housenumber, conscription, street_number, postcode, city_name, ST_Y(location), "
                        + "ST_X(location) FROM geocoder_address WHERE city_key = ? AND osm_type <> 'I' AND "
                        + condition)) {
            s.setString(1, city);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Mapped(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getDouble(7), rs.getDouble(8)));
                }
            }
        }
        return out;
    }

    private long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql);
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The street name with two letters in its middle swapped. */
    private static String typo(String street) {
        int at = street.length() / 2;
        return street.substring(0, at) + street.charAt(at + 1) + street.charAt(at) + street.substring(at + 2);
    }

    private static double metres(double lat1, double lon1, double lat2, double lon2) {
        return OsmExtractReader.metres(lat1, lon1, lat2, lon2);
    }

    private static String token(String role) {
        return Jwt.issuer("https://coopdispatch.coop").subject(UUID.randomUUID().toString()).upn("someone")
                .groups(Set.of(role)).sign();
    }

    /** A new merchant of a city, with an API client, and a token of that client. */
    private static String merchantToken(String city) {
        String coordinator = token(Roles.COORDINATOR);
        String id = given().auth().oauth2(coordinator).contentType(ContentType.JSON)
                .body("{\"name\": \"Geocoding shop " + city + "\", \"city\": \"" + city + "\"}")
                .when().post("/api/v1/merchants").then().statusCode(201).extract().path("id");
        var client = given().auth().oauth2(coordinator).contentType(ContentType.JSON)
                .body("{\"name\": \"app\"}").when().post("/api/v1/merchants/" + id + "/api-clients")
                .then().statusCode(201).extract();
        return given().contentType(ContentType.URLENC).formParam("grant_type", "client_credentials")
                .formParam("client_id", client.<String>path("clientId"))
                .formParam("client_secret", client.<String>path("clientSecret"))
                .when().post("/oauth2/token").then().statusCode(200).extract().path("access_token");
    }
}
