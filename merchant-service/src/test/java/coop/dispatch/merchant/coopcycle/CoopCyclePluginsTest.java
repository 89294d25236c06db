package coop.dispatch.merchant.coopcycle;

import com.sun.net.httpserver.HttpServer;
import coop.dispatch.contracts.events.DeliveryAssigned;
import coop.dispatch.contracts.events.DeliveryDelivered;
import coop.dispatch.contracts.events.DeliveryPickedUp;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static coop.dispatch.merchant.coopcycle.CoopCycleFixtures.HD_CUSTOMER;
import static coop.dispatch.merchant.coopcycle.CoopCycleFixtures.HD_CUSTOMER_2;
import static coop.dispatch.merchant.coopcycle.CoopCycleFixtures.HD_CUSTOMER_2_AT;
import static coop.dispatch.merchant.coopcycle.CoopCycleFixtures.HD_CUSTOMER_AT;
import static coop.dispatch.merchant.coopcycle.CoopCycleFixtures.HD_STORE;
import static coop.dispatch.merchant.coopcycle.CoopCycleFixtures.HD_STORE_AT;
import static coop.dispatch.merchant.coopcycle.CoopCycleFixtures.PRAGUE_DROPOFF;
import static coop.dispatch.merchant.coopcycle.CoopCycleFixtures.PRAGUE_DROPOFF_AT;
import static coop.dispatch.merchant.coopcycle.CoopCycleFixtures.PRAGUE_PICKUP;
import static coop.dispatch.merchant.coopcycle.CoopCycleFixtures.PRAGUE_PICKUP_AT;
import static coop.dispatch.merchant.coopcycle.CoopCycleFixtures.coordinator;
import static coop.dispatch.merchant.coopcycle.CoopCycleFixtures.Raw;
import static coop.dispatch.merchant.coopcycle.CoopCycleFixtures.basic;
import static coop.dispatch.merchant.coopcycle.CoopCycleFixtures.credentials;
import static coop.dispatch.merchant.coopcycle.CoopCycleFixtures.ensureZones;
import static coop.dispatch.merchant.coopcycle.CoopCycleFixtures.everyDay;
import static coop.dispatch.merchant.coopcycle.CoopCycleFixtures.merchant;
import static coop.dispatch.merchant.coopcycle.CoopCycleFixtures.metres;
import static coop.dispatch.merchant.coopcycle.CoopCycleFixtures.pluginChoices;
import static coop.dispatch.merchant.coopcycle.CoopCycleFixtures.produceStatus;
import static coop.dispatch.merchant.coopcycle.CoopCycleFixtures.raw;
import static coop.dispatch.merchant.coopcycle.CoopCycleFixtures.slotValue;
import static coop.dispatch.merchant.coopcycle.CoopCycleFixtures.wooCommerceToken;
import static org.awaitility.Awaitility.await;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CoopCycle's WooCommerce and PrestaShop plugins and its PHP SDK, played against the running service: their exact
 * call sequences, headers and bodies (read from coopcycle/coopcycle-plugins and coopcycle/coopcycle-php-sdk), on real
 * Heidelberg and Prague addresses geocoded from the OSM extracts.
 */
@QuarkusTest
class CoopCyclePluginsTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId PRAGUE = ZoneId.of("Europe/Prague");
    static KafkaCompanion kafka;

    @BeforeAll
    static void connect() {
        kafka = CoopCycleFixtures.kafka();
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    /** A Heidelberg shop as the coop sets it up: its address (geocoded), a time slot every day. */
    static String heidelbergShop(String name) {
        ensureZones();
        return merchant("""
                {"name": "%s", "city": "heidelberg",
                 "store": {"name": "%s", "address": "%s", "telephone": "+49 6221 123456"},
                 "timeSlots": [{"name": "Lunch and evening", "interval": "2 days", "priorNotice": "1 hour",
                                "openingHoursSpecification": [
                                  {"opens": "10:00", "closes": "12:00", "dayOfWeek": %s},
                                  {"opens": "12:00", "closes": "14:00", "dayOfWeek": %s},
                                  {"opens": "18:00", "closes": "20:00", "dayOfWeek": %s}]}]}
                """.formatted(name, name, HD_STORE, everyDay(), everyDay(), everyDay()));
    }

    static Map<String, String> bearer(String token, String... more) {
        Map<String, String> h = new java.util.LinkedHashMap<>();
        h.put("Authorization", "Bearer " + token);
        for (int i = 0; i < more.length; i += 2) {
            h.put(more[i], more[i + 1]);
        }
        return h;
    }

    static JsonPath json(Raw r, int... statuses) {
        boolean ok = false;
        for (int s : statuses) {
            ok |= r.status() == s;
        }
        assertTrue(ok, "status " + r.status() + " (expected " + java.util.Arrays.toString(statuses) + "): "
                + r.body());
        return JsonPath.from(r.body());
    }

    static void assertNear(double[][] expected, List<Float> latLng, String what) {
        double d = metres(expected, latLng.get(0), latLng.get(1));
        assertTrue(d < 25, what + " is " + Math.round(d) + " m from where the map has it");
    }

    static OffsetDateTime at(String text) {
        return OffsetDateTime.parse(text);
    }

    @Test
    void wooCommerceChecksTheServerThenSendsAnOrderWithoutCoordinates() {
        String[] client = credentials(heidelbergShop("Bäckerei am Plöck"), "WooCommerce");

        // Settings page: the entrypoint without Accept (Content-Type: application/json on a GET), then the token.
        Raw entry = raw("GET", "/api", Map.of("Content-Type", "application/json"), null);
        assertEquals("/api/contexts/Entrypoint", json(entry, 200).getString("'@context'"));
        assertTrue(entry.header("Content-Type").startsWith("application/ld+json"), entry.header("Content-Type"));
        Raw bare = raw("GET", "/api", Map.of(), null);
        assertEquals("/api/contexts/Entrypoint", json(bare, 200).getString("'@context'"));
        assertTrue(bare.header("Content-Type").startsWith("application/ld+json"), bare.header("Content-Type"));
        String token = wooCommerceToken(client);
        assertNotNull(token);

        // Checkout: /api/me → store → time slot, each a GET with Content-Type: application/ld+json and no Accept.
        JsonPath me = json(raw("GET", "/api/me", bearer(token, "Content-Type", "application/ld+json"), null), 200);
        assertEquals("/api/contexts/ApiApp", me.getString("'@context'"));
        assertEquals("http://schema.org/SoftwareApplication", me.getString("'@type'"));
        assertEquals("WooCommerce", me.getString("name"));
        JsonPath store = json(raw("GET", me.getString("store"), bearer(token, "Content-Type", "application/ld+json"),
                null), 200);
        assertEquals(HD_STORE, store.getString("address.streetAddress"));
        String timeSlotLink = store.getString("timeSlot");
        assertTrue(timeSlotLink.startsWith("/api/time_slots/"), timeSlotLink);
        JsonPath slot = json(raw("GET", timeSlotLink, bearer(token, "Content-Type", "application/ld+json"), null),
                200);
        assertEquals("2 days", slot.getString("interval"));
        assertEquals("1 hour", slot.getString("priorNotice"));
        List<ZonedDateTime[]> choices = pluginChoices(slot.getMap(""), BERLIN);
        assertFalse(choices.isEmpty());
        String chosen = slotValue(choices.get(0));

        // Order paid: the plugin's body, pickup implicit (the store), dropoff as "<address_1> <postcode> <city>".
        String order = """
                {"pickup": {"comments": "Order #1042 from Bäckerei am Plöck (https://baeckerei.example)\\n******\\nItems : \\n2x Brezel \\n"},
                 "dropoff": {"address": {"streetAddress": "%s", "contactName": "Anna Schmidt",
                                         "telephone": "+49 170 0000000"},
                             "timeSlot": "%s", "comments": "Order #1042 from Bäckerei am Plöck"}}
                """.formatted(HD_CUSTOMER, chosen);
        Raw created = raw("POST", "/api/deliveries", bearer(token, "Content-Type", "application/ld+json"), order);
        JsonPath d = json(created, 201);
        String iri = d.getString("'@id'");
        assertTrue(iri.startsWith("/api/deliveries/"), iri);
        assertTrue(d.getString("dropoff.id").startsWith("/api/tasks/"), d.getString("dropoff.id"));
        assertEquals("http://schema.org/ParcelDelivery", d.getString("'@type'"));
        assertEquals(d.getFloat("dropoff.address.geo.latitude"), d.getFloat("dropoff.address.latLng[0]"));
        assertEquals(HD_STORE, d.getString("pickup.address.streetAddress"));
        assertEquals("Bäckerei am Plöck", d.getString("pickup.address.contactName"));
        assertNear(HD_STORE_AT, d.getList("pickup.address.latLng"), "the store");
        assertEquals(HD_CUSTOMER, d.getString("dropoff.address.streetAddress"));
        assertNear(HD_CUSTOMER_AT, d.getList("dropoff.address.latLng"), "the customer");
        assertEquals(choices.get(0)[0].toInstant(), at(d.getString("dropoff.after")).toInstant());
        assertEquals(choices.get(0)[1].toInstant(), at(d.getString("dropoff.before")).toInstant());
        assertEquals("REQUESTED", d.getString("status"));

        JsonPath again = json(raw("GET", iri, bearer(token, "Content-Type", "application/ld+json"), null), 200);
        assertEquals(iri, again.getString("'@id'"));
        assertEquals(d.getString("dropoff.id"), again.getString("dropoff.id"));
        assertEquals("+49 170 0000000", again.getString("dropoff.address.telephone"));

        // A window the plugin would never offer: at night, and ten days ahead.
        LocalDate tomorrow = LocalDate.now(BERLIN).plusDays(1);
        for (String outside : List.of(tomorrow + " 03:00-04:00", tomorrow.plusDays(10) + " 10:00-12:00")) {
            Raw refused = raw("POST", "/api/deliveries", bearer(token, "Content-Type", "application/ld+json"),
                    order.replace(chosen, outside));
            JsonPath error = json(refused, 422);
            assertEquals("hydra:Error", error.getString("'@type'"));
            assertEquals("/api/contexts/Error", error.getString("'@context'"));
            assertTrue(error.getString("'hydra:description'").contains("dropoff.timeSlot"), refused.body());
            assertEquals("dropoff.timeSlot", error.getString("violations[0].propertyPath"));
        }
    }

    @Test
    void prestaShopChecksTheServerNamesItsCarrierAndSendsAnOrder() {
        String[] client = credentials(heidelbergShop("Feinkost Plöck"), "PrestaShop");
        Raw entry = raw("GET", "/api", Map.of("Content-Type", "application/json"), null);
        assertEquals("/api/contexts/Entrypoint", json(entry, 200).getString("'@context'"));
        // curl with CURLOPT_POSTFIELDS = http_build_query(...): a form, with its Content-Type.
        String token = json(raw("POST", "/oauth2/token", Map.of("Authorization", basic(client),
                        "Content-Type", "application/x-www-form-urlencoded"),
                "grant_type=client_credentials&scope=deliveries"), 200, 201, 204).getString("access_token");
        JsonPath settings = json(raw("GET", "/api/settings", Map.of("Accept", "application/json",
                "Content-Type", "application/json"), null), 200, 201, 204);
        assertEquals(ConfigProvider.getConfig().getValue("coop.coopcycle.brand-name", String.class),
                settings.getString("brand_name"));

        Map<String, String> headers = bearer(token, "Accept", "application/json", "Content-Type", "application/json");
        JsonPath me = json(raw("GET", "/api/me", headers, null), 200);
        JsonPath store = json(raw("GET", me.getString("store"), headers, null), 200);
        JsonPath slot = json(raw("GET", store.getString("timeSlot"), headers, null), 200);
        ZonedDateTime[] chosen = pluginChoices(slot.getMap(""), BERLIN).get(0);

        // stringifyAddress: "address1, postcode city"; the shop's own address as the pickup; the order as comments.
        String body = """
                {"dropoff": {"address": {"streetAddress": "%s", "description": "3. OG, links",
                                         "contactName": "Jonas Weber", "telephone": "+49 6221 654321"},
                             "timeSlot": "%s"},
                 "pickup": {"address": {"streetAddress": "%s", "telephone": "+49 6221 123456"},
                            "comments": "Feinkost Plöck\\n\\n1 × Olivenöl\\n"}}
                """.formatted(HD_CUSTOMER_2, slotValue(chosen), HD_STORE);
        Raw created = raw("POST", "/api/deliveries", bearer(token, "Accept", "application/ld+json",
                "Content-Type", "application/ld+json"), body);
        JsonPath d = json(created, 200, 201, 204);
        assertTrue(d.getString("'@id'").startsWith("/api/deliveries/"));
        assertNear(HD_STORE_AT, d.getList("pickup.address.latLng"), "the shop");
        assertNear(HD_CUSTOMER_2_AT, d.getList("dropoff.address.latLng"), "the customer");
        assertTrue(d.getString("dropoff.comments").contains("3. OG, links"), d.getString("dropoff.comments"));
        assertTrue(d.getString("pickup.comments").contains("1 × Olivenöl"), d.getString("pickup.comments"));
    }

    @Test
    void theSdkCreatesDeliveriesWithPhrasesAndIntervalsAndReceivesSignedWebhooks() throws Exception {
        ensureZones();
        String merchantId = merchant("{\"name\": \"Pražská pekárna\", \"city\": \"Prague\"}");
        String[] client = credentials(merchantId, "php-sdk");
        // Guzzle's form_params: a form body, the space of "tasks deliveries" written as '+'.
        String token = json(raw("POST", "/oauth2/token", Map.of("Authorization", basic(client),
                        "Content-Type", "application/x-www-form-urlencoded"),
                "grant_type=client_credentials&scope=tasks+deliveries"), 200).getString("access_token");

        List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/coopcycle", exchange -> {
            byte[] bytes;
            try (InputStream in = exchange.getRequestBody()) {
                bytes = in.readAllBytes();
            }
            received.add(Map.of("path", exchange.getRequestURI().getPath(), "body", bytes,
                    "signature", String.valueOf(exchange.getRequestHeaders().getFirst("X-CoopCycle-Signature"))));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String base = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/coopcycle/";
            Map<String, String> ld = bearer(token, "Content-Type", "application/ld+json");
            JsonPath completedHook = json(raw("POST", "/api/webhooks", ld,
                    "{\"event\": \"delivery.completed\", \"url\": \"" + base + "completed\"}"), 201);
            String secret = completedHook.getString("secret");
            assertTrue(secret.length() >= 32, secret);
            assertEquals("delivery.completed", completedHook.getString("event"));
            String transitSecret = json(raw("POST", "/api/webhooks", ld,
                    "{\"event\": \"delivery.in_transit\", \"url\": \"" + base + "in_transit\"}"), 201)
                    .getString("secret");
            JsonPath badEvent = json(raw("POST", "/api/webhooks", ld,
                    "{\"event\": \"order.created\", \"url\": \"" + base + "x\"}"), 400);
            assertEquals("hydra:Error", badEvent.getString("'@type'"));
            JsonPath list = json(raw("GET", "/api/webhooks", bearer(token), null), 200);
            assertEquals(2, list.getInt("'hydra:totalItems'"));
            assertFalse(list.getString("'hydra:member'").contains(secret), "secrets are shown once");
            assertEquals(0, json(raw("GET", "/api/v1/webhooks", bearer(token), null), 200).getList("").size(),
                    "each API lists its own flavour");

            // The SDK's README: addresses as plain strings, "before" as a phrase, read in Prague's time.
            JsonPath d = json(raw("POST", "/api/deliveries", ld, """
                    {"pickup": {"address": "%s"},
                     "dropoff": {"address": "%s", "before": "tomorrow 13:00"}}
                    """.formatted(PRAGUE_PICKUP, PRAGUE_DROPOFF)), 201);
            assertNear(PRAGUE_PICKUP_AT, d.getList("pickup.address.latLng"), "the pickup");
            assertNear(PRAGUE_DROPOFF_AT, d.getList("dropoff.address.latLng"), "the dropoff");
            ZonedDateTime tomorrow13 = LocalDate.now(PRAGUE).plusDays(1).atTime(13, 0).atZone(PRAGUE);
            assertEquals(tomorrow13.toInstant(), at(d.getString("dropoff.before")).toInstant());
            assertEquals(tomorrow13.toOffsetDateTime(), at(d.getString("dropoff.before")));
            String id = d.getString("id");

            // Idempotency-Key as on our own API: the retry answers the same delivery, 200, and makes no other.
            Map<String, String> keyed = bearer(token, "Content-Type", "application/ld+json", "Idempotency-Key",
                    "order-" + id);
            String order = "{\"pickup\": {\"address\": \"" + PRAGUE_PICKUP + "\"}, \"dropoff\": {\"address\": \""
                    + PRAGUE_DROPOFF + "\", \"before\": \"tomorrow 18:00\"}}";
            String first = json(raw("POST", "/api/deliveries", keyed, order), 201).getString("'@id'");
            Raw retry = raw("POST", "/api/deliveries", keyed, order);
            assertEquals(first, json(retry, 200).getString("'@id'"));
            assertEquals("true", retry.header("Idempotent-Replayed"));
            // The same body with its keys in another order is the same request; another body under the key is 409.
            String reordered = "{\"dropoff\": {\"before\": \"tomorrow 18:00\", \"address\": \"" + PRAGUE_DROPOFF
                    + "\"}, \"pickup\": {\"address\": \"" + PRAGUE_PICKUP + "\"}}";
            assertEquals(first, json(raw("POST", "/api/deliveries", keyed, reordered), 200).getString("'@id'"));
            json(raw("POST", "/api/deliveries", keyed, order.replace("18:00", "19:00")), 409);
            // A retry is answered before anything is checked anew: time slots the shop set since do not refuse it.
            Map<String, String> slotKeyed = bearer(token, "Content-Type", "application/ld+json", "Idempotency-Key",
                    "slot-" + id);
            String slotOrder = "{\"pickup\": {\"address\": \"" + PRAGUE_PICKUP + "\"}, \"dropoff\": {\"address\": \""
                    + PRAGUE_DROPOFF + "\", \"timeSlot\": \"" + LocalDate.now(PRAGUE).plusDays(1) + " 10:00-11:00\"}}";
            String slotted = json(raw("POST", "/api/deliveries", slotKeyed, slotOrder), 201).getString("'@id'");
            given().auth().oauth2(coordinator()).contentType("application/json")
                    .body("[{\"name\": \"Evenings\", \"interval\": \"2 days\", \"priorNotice\": \"1 hour\", "
                            + "\"openingHoursSpecification\": [{\"opens\": \"18:00\", \"closes\": \"20:00\", "
                            + "\"dayOfWeek\": [\"Monday\", \"Tuesday\", \"Wednesday\", \"Thursday\", \"Friday\", "
                            + "\"Saturday\", \"Sunday\"]}]}]")
                    .when().put("/api/v1/merchants/" + merchantId + "/time-slots").then().statusCode(200);
            json(raw("POST", "/api/deliveries", ld, slotOrder), 422);
            assertEquals(slotted, json(raw("POST", "/api/deliveries", slotKeyed, slotOrder), 200).getString("'@id'"));
            given().auth().oauth2(coordinator()).contentType("application/json").body("[]")
                    .when().put("/api/v1/merchants/" + merchantId + "/time-slots").then().statusCode(200);

            // CoopCycle's other form (its own functional test): a list of typed tasks, doneBefore phrases.
            JsonPath listed = json(raw("POST", "/api/deliveries", ld, """
                    {"tasks": [{"type": "pickup", "address": "%s", "doneBefore": "tomorrow 13:00"},
                               {"type": "dropoff", "address": "%s", "before": "tomorrow 13:30", "weight": 1500}]}
                    """.formatted(PRAGUE_PICKUP, PRAGUE_DROPOFF)), 201);
            assertEquals(tomorrow13.toInstant(), at(listed.getString("pickup.before")).toInstant());
            assertEquals(tomorrow13.plusMinutes(30).toInstant(), at(listed.getString("dropoff.before")).toInstant());
            assertEquals(List.of("PICKUP", "DROPOFF"), listed.getList("tasks.type"));
            json(raw("POST", "/api/deliveries", ld, """
                    {"tasks": [{"type": "pickup", "address": "%s"}, {"type": "dropoff", "address": "%s"},
                               {"type": "dropoff", "address": "%s"}]}
                    """.formatted(PRAGUE_PICKUP, PRAGUE_DROPOFF, PRAGUE_DROPOFF)), 400);

            // An ISO 8601 interval (start/duration), today's phrase for the pickup, any Content-Type at all.
            String start = LocalDate.now(PRAGUE).plusDays(1) + "T15:00:00";
            JsonPath iso = json(raw("POST", "/api/deliveries", bearer(token, "Content-Type", "text/plain"), """
                    {"pickup": {"address": {"streetAddress": "%s", "latLng": [%s, %s]}, "after": "today 00:00"},
                     "dropoff": {"address": {"streetAddress": "%s"}, "timeSlot": "%s/PT1H30M"}}
                    """.formatted(PRAGUE_PICKUP, PRAGUE_PICKUP_AT[0][0], PRAGUE_PICKUP_AT[0][1], PRAGUE_DROPOFF, start)),
                    201);
            assertEquals(LocalDate.now(PRAGUE).plusDays(1).atTime(16, 30).atZone(PRAGUE).toInstant(),
                    at(iso.getString("dropoff.before")).toInstant());
            assertEquals(List.of((float) PRAGUE_PICKUP_AT[0][0], (float) PRAGUE_PICKUP_AT[0][1]),
                    iso.getList("pickup.address.latLng"), "latLng is taken as given");

            UUID delivery = UUID.fromString(id);
            UUID rider = UUID.randomUUID();
            produceStatus(kafka, id, new DeliveryAssigned(delivery, rider, UUID.randomUUID(), java.time.Instant.now()));
            produceStatus(kafka, id, new DeliveryPickedUp(delivery, rider, java.time.Instant.now()));
            produceStatus(kafka, id, new DeliveryDelivered(delivery, rider, java.time.Instant.now()));
            await().atMost(Duration.ofSeconds(60)).until(() -> received.size() >= 2);
            for (Map<String, Object> r : received) {
                String path = (String) r.get("path");
                String event = path.endsWith("completed") ? "delivery.completed" : "delivery.in_transit";
                byte[] bytes = (byte[]) r.get("body");
                assertEquals("{\"data\":{\"object\":\"/api/deliveries/" + id + "\",\"event\":\"" + event + "\"}}",
                        new String(bytes, StandardCharsets.UTF_8));
                String key = path.endsWith("completed") ? secret : transitSecret;
                assertEquals(sdkSignature(bytes, key), r.get("signature"), "the SDK's verifySignature accepts it");
                assertFalse(sdkSignature(bytes, key + "x").equals(r.get("signature")));
            }
            assertEquals(2, received.stream().map(r -> r.get("path")).distinct().count(), "one per webhook");

            String hookIri = completedHook.getString("'@id'");
            assertEquals(204, raw("DELETE", hookIri, bearer(token), null).status());
            JsonPath gone = json(raw("GET", hookIri, bearer(token), null), 404);
            assertEquals("hydra:Error", gone.getString("'@type'"));
        } finally {
            receiver.stop(0);
        }
    }

    /** CoopCycle's SDK: base64_encode(hex2bin(hash_hmac('sha256', $payload, $secret))). */
    static String sdkSignature(byte[] payload, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(payload));
    }

    @Test
    void refusalsAreHydraErrorsWithTheRightStatus() {
        String[] client = credentials(heidelbergShop("Hydra shop"), "WooCommerce");
        String token = wooCommerceToken(client);
        String[] otherClient = credentials(heidelbergShop("Other shop"), "WooCommerce");
        String other = wooCommerceToken(otherClient);
        Map<String, String> ld = bearer(token, "Content-Type", "application/ld+json");
        int before = JsonPath.from(raw("GET", "/api/v1/deliveries?limit=200", bearer(token), null).body())
                .getList("items").size();

        // An address the map does not have: 422 naming it, with the closest candidates; nothing stored.
        String nowhere = "Zzyzxweg 12 69115 Heidelberg";
        Raw bad = raw("POST", "/api/deliveries", ld, """
                {"pickup": {"comments": "x"}, "dropoff": {"address": {"streetAddress": "%s"}}}
                """.formatted(nowhere));
        JsonPath error = json(bad, 422);
        assertEquals("hydra:Error", error.getString("'@type'"));
        assertTrue(error.getString("'hydra:description'").contains(nowhere), bad.body());
        assertTrue(bad.header("Content-Type").startsWith("application/ld+json"), bad.header("Content-Type"));
        assertTrue(error.getList("violations.propertyPath").stream().filter("dropoff.address"::equals).count() >= 2,
                "the address and at least one candidate: " + bad.body());
        assertEquals(before, JsonPath.from(raw("GET", "/api/v1/deliveries?limit=200", bearer(token), null).body())
                .getList("items").size());

        // Another merchant's delivery, store and time slot do not exist for this one.
        JsonPath mine = json(raw("POST", "/api/deliveries", ld, """
                {"pickup": {"comments": "x"}, "dropoff": {"address": {"streetAddress": "%s"}}}
                """.formatted(HD_CUSTOMER)), 201);
        Map<String, String> theirs = bearer(other, "Content-Type", "application/ld+json");
        assertEquals("hydra:Error", json(raw("GET", mine.getString("'@id'"), theirs, null), 404)
                .getString("'@type'"));
        String myStore = json(raw("GET", "/api/me", ld, null), 200).getString("store");
        String mySlot = json(raw("GET", myStore, ld, null), 200).getString("timeSlot");
        json(raw("GET", myStore, theirs, null), 404);
        json(raw("GET", mySlot, theirs, null), 404);

        // No token, a bad token, malformed JSON, a JSON array, an unknown path, a wrong method, a wrong secret.
        assertEquals("hydra:Error", json(raw("GET", "/api/me", Map.of(), null), 401).getString("'@type'"));
        json(raw("GET", "/api/me", Map.of("Authorization", "Bearer not-a-token"), null), 401);
        assertEquals("hydra:Error", json(raw("GET", "/api/me", bearer(CoopCycleFixtures.coordinator()), null), 403)
                .getString("'@type'"), "a coordinator is not a shop");
        JsonPath malformed = json(raw("POST", "/api/deliveries", ld, "{\"pickup\": "), 400);
        assertEquals("/api/contexts/Error", malformed.getString("'@context'"));
        json(raw("POST", "/api/deliveries", ld, "[]"), 400);
        json(raw("POST", "/api/deliveries", ld, "{\"dropoff\": {\"address\": {\"streetAddress\": \"x\", "
                + "\"latLng\": [95.0]}}}"), 400);
        assertEquals("hydra:Error", json(raw("GET", "/api/nothing-here", ld, null), 404).getString("'@type'"));
        json(raw("PUT", "/api/deliveries", ld, "{}"), 405);
        json(raw("POST", "/oauth2/token", Map.of("Authorization", basic(new String[]{client[0], "wrong"})),
                "grant_type=client_credentials&scope=deliveries"), 401);
        json(raw("POST", "/oauth2/token", Map.of("Authorization", basic(client), "Content-Type", "text/odd"),
                "grant_type=client_credentials&scope=deliveries"), 200);
    }
}
