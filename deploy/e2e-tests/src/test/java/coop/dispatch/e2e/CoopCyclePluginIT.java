package coop.dispatch.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Prague shop on CoopCycle's WooCommerce plugin, against the three packaged services: the plugin's own calls (token
 * with no Content-Type, set-up check with no Accept, an order with only street addresses), the store's address as the
 * pickup, the customer's address geocoded from Prague's OpenStreetMap addresses, the job offered to the Prague rider
 * (not to the Heidelberg one who waited longer), and the shop's CoopCycle webhook signed as CoopCycle signs it.
 */
@ExtendWith(Platform.Shared.class)
class CoopCyclePluginIT {
    static final String RUN = Platform.RUN;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Real addresses of the prague-small extract: Zenklova 615/164 and Cihlářská 276/17 (OSM positions). */
    static final String STORE = "Zenklova 164, 180 00 Praha";
    static final double[] STORE_AT = {50.11458, 14.47040};
    static final String CUSTOMER = "Cihlarska 17 19000 Praha";
    static final double[] CUSTOMER_AT = {50.11666, 14.49786};
    static final String PRAGUE_ZONE = """
            {"name": "Praha %s", "city": "prague", "area": {"type": "Polygon", "coordinates": [[[14.45, 50.11],
             [14.53, 50.11], [14.53, 50.15], [14.45, 50.15], [14.45, 50.11]]]}}""";

    /** What the test leaves open, closed again after it for the other end-to-end tests. */
    static final List<String> riderTokens = new CopyOnWriteArrayList<>();
    static String shopToken;
    static String openDelivery;

    /** Nothing of this class is left for the other end-to-end tests: the delivery cancelled, both riders offline. */
    @AfterAll
    static void leaveNothingBehind() {
        Platform platform = Platform.get();
        if (openDelivery != null) {
            Api.post(platform.merchant.baseUrl() + "/api/v1/deliveries/" + openDelivery + "/cancel", shopToken,
                    "{\"reason\":\"end of the CoopCycle test\"}").expect(200);
        }
        // The cancellation reaches the rider's job through dispatch; then the rider may go offline.
        for (String token : riderTokens) {
            await().atMost(Duration.ofSeconds(60)).until(() -> Api.delete(platform.rider.baseUrl()
                    + "/api/v1/riders/me/shift", token).status() == 204);
        }
    }

    @Test
    void aWooCommerceOrderInPragueIsGeocodedOfferedToAPragueRiderAndSignedBackToTheShop() throws Exception {
        Platform platform = Platform.get();
        String merchantUrl = platform.merchant.baseUrl();
        String riderUrl = platform.rider.baseUrl();
        String coordinator = Api.post(riderUrl + "/api/v1/auth/login", null,
                        "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(Platform.COORDINATOR,
                                Platform.COORDINATOR_PASSWORD))
                .expect(200).body().path("accessToken").asText();

        // The coop's coordinator: a Prague zone, the shop with its store (geocoded) and time slots, an API client.
        Api.post(merchantUrl + "/api/v1/zones", coordinator, PRAGUE_ZONE.formatted(RUN)).expect(201);
        // Hourly windows every day, bookable from half an hour ahead (CoopCycle's TimeSlot).
        StringBuilder hours = new StringBuilder();
        for (int h = 0; h < 24; h++) {
            hours.append(h == 0 ? "" : ",").append("{\"opens\": \"%02d:00\", \"closes\": \"%s\", \"dayOfWeek\": "
                    .formatted(h, h == 23 ? "23:59" : "%02d:00".formatted(h + 1)))
                    .append("[\"Monday\", \"Tuesday\", \"Wednesday\", \"Thursday\", \"Friday\", \"Saturday\", "
                            + "\"Sunday\"]}");
        }
        JsonNode shop = Api.post(merchantUrl + "/api/v1/merchants", coordinator, """
                {"name": "Pekárna %s", "city": "prague", "store": {"name": "Pekárna", "address": "%s"},
                 "timeSlots": [{"name": "Hourly", "interval": "2 days", "priorNotice": "30 minutes",
                   "openingHoursSpecification": [%s]}]}
                """.formatted(RUN, STORE, hours)).expect(201).body();
        assertNear(STORE_AT, shop.path("store").path("location").path("lat").asDouble(),
                shop.path("store").path("location").path("lon").asDouble(), "the store, geocoded");
        JsonNode client = Api.post(merchantUrl + "/api/v1/merchants/" + shop.path("id").asText() + "/api-clients",
                coordinator, "{\"name\":\"WooCommerce\"}").expect(201).body();

        // WooCommerce: the token with Basic auth and a raw body without Content-Type; /api without Accept.
        String basic = Base64.getEncoder().encodeToString((client.path("clientId").asText() + ":"
                + client.path("clientSecret").asText()).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> tokenReply = HTTP.send(HttpRequest.newBuilder(URI.create(merchantUrl + "/oauth2/token"))
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=deliveries")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, tokenReply.statusCode(), tokenReply.body());
        String token = Api.JSON.readTree(tokenReply.body()).path("access_token").asText();
        shopToken = token;
        HttpResponse<String> entrypoint = HTTP.send(HttpRequest.newBuilder(URI.create(merchantUrl + "/api"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, entrypoint.statusCode(), entrypoint.body());
        assertEquals("/api/contexts/Entrypoint", Api.JSON.readTree(entrypoint.body()).path("@context").asText());

        // The shop's webhook (CoopCycle's SDK), and a local receiver keeping the exact bytes and the signature.
        List<String[]> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new String[]{new String(body, StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("X-CoopCycle-Signature")});
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String secret = ld("POST", merchantUrl + "/api/webhooks", token, """
                    {"event": "delivery.assigned", "url": "http://127.0.0.1:%d/hook"}"""
                    .formatted(receiver.getAddress().getPort()), 201).path("secret").asText();
            assertTrue(secret.length() >= 16, secret);

            // Two riders online: one in Heidelberg who has waited longer, one in Prague near the store.
            String heidelberg = riderOnline(riderUrl, coordinator, "hd", 49.4093, 8.6929);
            ServiceProcess.sleep(1500);
            String prague = riderOnline(riderUrl, coordinator, "cz", STORE_AT[0] + 0.002, STORE_AT[1]);

            // The order as WooCommerce sends it: no coordinates, no pickup address, the slot the customer chose.
            // The next hourly window the plugin offers (starting more than the prior notice from now). Dispatch offers
            // a booked delivery shortly before its pickup (coop.dispatch.offer-lead, two hours in these tests).
            ZonedDateTime now = ZonedDateTime.now(ZoneId.of("Europe/Prague"));
            ZonedDateTime start = now.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            if (!start.isAfter(now.plusMinutes(31))) {
                start = start.plusHours(1);
            }
            String slot = start.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")) + "-"
                    + (start.getHour() == 23 ? "23:59" : start.plusHours(1).format(DateTimeFormatter.ofPattern("HH:mm")));
            JsonNode delivery = ld("POST", merchantUrl + "/api/deliveries", token, """
                    {"pickup": {"comments": "Order #%s"},
                     "dropoff": {"address": {"streetAddress": "%s", "contactName": "Jana Nováková",
                                             "telephone": "+420 777 000 000"},
                                 "timeSlot": "%s", "comments": "3rd floor"}}""".formatted(RUN, CUSTOMER, slot), 201);
            String path = delivery.path("@id").asText();
            assertTrue(path.startsWith("/api/deliveries/"), delivery.toString());
            String deliveryId = path.substring("/api/deliveries/".length());
            openDelivery = deliveryId;
            assertNear(STORE_AT, delivery.path("pickup").path("address").path("latLng").path(0).asDouble(),
                    delivery.path("pickup").path("address").path("latLng").path(1).asDouble(), "pickup = the store");
            assertNear(CUSTOMER_AT, delivery.path("dropoff").path("address").path("latLng").path(0).asDouble(),
                    delivery.path("dropoff").path("address").path("latLng").path(1).asDouble(), "the customer");

            // Dispatch offers it by rotation among the riders who can reach Prague: the Prague rider.
            JsonNode offer = await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (JsonNode o : Api.get(riderUrl + "/api/v1/riders/me/offers", prague).expect(200).body()) {
                    if (deliveryId.equals(o.path("deliveryId").asText())) {
                        return o;
                    }
                }
                return null;
            }, o -> o != null);
            assertEquals(0, Api.get(riderUrl + "/api/v1/riders/me/offers", heidelberg).expect(200).body().size());
            Api.post(riderUrl + "/api/v1/offers/" + offer.path("offerId").asText() + "/accept", prague, "")
                    .expect(202);

            // The shop hears "delivery.assigned", signed with its secret over the exact bytes sent.
            String[] hook = await().atMost(Duration.ofSeconds(60)).until(() -> received.isEmpty() ? null
                    : received.get(0), h -> h != null);
            JsonNode payload = Api.JSON.readTree(hook[0]);
            assertEquals(path, payload.path("data").path("object").asText(), hook[0]);
            assertEquals("delivery.assigned", payload.path("data").path("event").asText(), hook[0]);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            assertEquals(Base64.getEncoder().encodeToString(mac.doFinal(hook[0].getBytes(StandardCharsets.UTF_8))),
                    hook[1]);
            assertEquals("ASSIGNED", Api.get(merchantUrl + "/api/v1/deliveries/" + deliveryId, token).expect(200)
                    .body().path("status").asText());
        } finally {
            receiver.stop(0);
        }
    }

    /** A new rider, logged in and on shift at the point, waiting in dispatch's queue; returns their token. */
    static String riderOnline(String riderUrl, String coordinator, String tag, double lat, double lon) {
        String name = "rider-" + tag + "-" + RUN;
        String password = "long-enough-" + RUN + "-" + tag;
        Api.post(riderUrl + "/api/v1/members", coordinator,
                "{\"username\":\"%s\",\"displayName\":\"Rider %s\",\"password\":\"%s\",\"vehicle\":\"BIKE\"}"
                        .formatted(name, tag, password)).expect(201);
        JsonNode login = Api.post(riderUrl + "/api/v1/auth/login", null,
                "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(name, password)).expect(200).body();
        String token = login.path("accessToken").asText();
        Api.post(riderUrl + "/api/v1/riders/me/shift", token,
                "{\"location\":{\"lat\":%s,\"lon\":%s}}".formatted(lat, lon)).expect(201);
        riderTokens.add(token);
        await().atMost(Duration.ofSeconds(60)).until(() -> Platform.get()
                .dispatchQueue(login.path("memberId").asText(), coordinator).path("state").asText(), "WAITING"::equals);
        return token;
    }

    /** A JSON-LD call as the plugins make it; the body of the answer, which must have the expected status. */
    static JsonNode ld(String method, String url, String token, String body, int expected) throws Exception {
        HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/ld+json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, reply.statusCode(), reply.body());
        return Api.JSON.readTree(reply.body());
    }

    static void assertNear(double[] expected, double lat, double lon, String what) {
        double dy = (lat - expected[0]) * 111_195;
        double dx = (lon - expected[1]) * 111_195 * Math.cos(Math.toRadians(expected[0]));
        double meters = Math.hypot(dx, dy);
        assertTrue(meters <= 25, what + " is " + Math.round(meters) + " m from where OSM has it: " + lat + ", " + lon);
    }
}
