package coop.dispatch.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three packaged services as separate processes, on the real PostgreSQL and Kafka started by deploy/local,
 * driven over HTTP: merchant → dispatch → rider → merchant, and a merchant crash between commit and send.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(Platform.Shared.class)
class SkeletonPathIT {
    static final String RUN = Platform.RUN;
    static final String COORDINATOR = Platform.COORDINATOR;
    static final String COORDINATOR_PASSWORD = Platform.COORDINATOR_PASSWORD;
    static final String RIDER_PASSWORD = "long-enough-" + UUID.randomUUID();
    // Bismarckplatz and Hauptstraße, Heidelberg.
    static final double PICKUP_LAT = 49.4093;
    static final double PICKUP_LON = 8.6929;

    // Central Heidelberg as a GeoJSON polygon ([lon, lat]), covering the pickups and dropoffs below.
    static final String HEIDELBERG_ZONE = """
            {"name": "Heidelberg", "area": {"type": "Polygon", "coordinates": [[[8.60, 49.36], [8.76, 49.36],
             [8.76, 49.45], [8.60, 49.45], [8.60, 49.36]]]}}""";

    static ServiceProcess merchant;
    static ServiceProcess dispatch;
    static ServiceProcess rider;
    static String coordinatorToken;
    static String merchantToken;
    static String[] riderTokens;

    @BeforeAll
    static void useThePlatform() {
        Platform platform = Platform.get();
        merchant = platform.merchant;
        dispatch = platform.dispatch;
        rider = platform.rider;
    }

    static String testDbUrl(String env) {
        return Platform.testDbUrl(env);
    }

    @Test
    @Order(1)
    void everyServiceIsHealthyAndDocumented() {
        for (ServiceProcess p : new ServiceProcess[]{merchant, dispatch, rider}) {
            Api.Reply health = Api.get(p.baseUrl() + "/q/health", null).expect(200);
            assertEquals("UP", health.body().path("status").asText());
            String checks = health.body().path("checks").toString();
            assertTrue(checks.contains("Database connections health check"), checks);
            assertTrue(checks.contains("SmallRye Reactive Messaging"), checks);
            Api.Reply openapi = Api.get(p.baseUrl() + "/q/openapi?format=json", null).expect(200);
            assertTrue(openapi.body().path("paths").size() > 0);
        }
    }

    @Test
    @Order(2)
    void aDeliveryTravelsFromMerchantThroughDispatchToARiderAndBack() {
        coordinatorToken = Api.post(rider.baseUrl() + "/api/v1/auth/login", null,
                        "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(COORDINATOR, COORDINATOR_PASSWORD))
                .expect(200).body().path("accessToken").asText();

        // Merchant-service accepts deliveries only inside its service zones: the coordinator draws Heidelberg first.
        Api.post(merchant.baseUrl() + "/api/v1/zones", coordinatorToken, HEIDELBERG_ZONE).expect(201);

        String merchantId = Api.post(merchant.baseUrl() + "/api/v1/merchants", coordinatorToken,
                "{\"name\":\"Bäckerei am Bismarckplatz\"}").expect(201).body().path("id").asText();
        JsonNode client = Api.post(merchant.baseUrl() + "/api/v1/merchants/" + merchantId + "/api-clients",
                coordinatorToken, "{\"name\":\"shop\"}").expect(201).body();
        merchantToken = Api.postForm(merchant.baseUrl() + "/oauth2/token", "grant_type=client_credentials"
                        + "&client_id=" + enc(client.path("clientId").asText())
                        + "&client_secret=" + enc(client.path("clientSecret").asText()))
                .expect(200).body().path("access_token").asText();

        riderTokens = new String[2];
        String[] riderIds = new String[2];
        for (int i = 0; i < 2; i++) {
            String name = "rider" + i + "-" + RUN;
            Api.post(rider.baseUrl() + "/api/v1/members", coordinatorToken,
                    "{\"username\":\"%s\",\"displayName\":\"Rider %d\",\"password\":\"%s\",\"vehicle\":\"BIKE\"}"
                            .formatted(name, i, RIDER_PASSWORD)).expect(201);
            JsonNode login = Api.post(rider.baseUrl() + "/api/v1/auth/login", null,
                            "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(name, RIDER_PASSWORD))
                    .expect(200).body();
            riderTokens[i] = login.path("accessToken").asText();
            riderIds[i] = login.path("memberId").asText();
            // Rider 0 goes online first, so rotation (longest waiting) offers the first job to rider 0.
            Api.post(rider.baseUrl() + "/api/v1/riders/me/shift", riderTokens[i],
                    "{\"location\":{\"lat\":%s,\"lon\":%s}}".formatted(PICKUP_LAT + 0.002 * (i + 1), PICKUP_LON))
                    .expect(201);
            ServiceProcess.sleep(50);
        }
        // Dispatch hears of the riders on rider-status (a topic of this run, so its consumers may find it a moment
        // later): the delivery waits until both are in its queue, so that the rotation, not the order in which the
        // events arrive, chooses rider 0.
        for (String id : riderIds) {
            await().atMost(Duration.ofSeconds(60)).until(() -> Platform.get().dispatchQueue(id, coordinatorToken)
                    .path("state").asText(), "WAITING"::equals);
        }

        String deliveryId = createDelivery();
        JsonNode offer = awaitOffer(riderTokens[0], deliveryId);
        Api.post(rider.baseUrl() + "/api/v1/offers/" + offer.path("offerId").asText() + "/accept", riderTokens[0], "")
                .expect(202);

        JsonNode assigned = awaitStatus(deliveryId, "ASSIGNED");
        assertFalse(assigned.path("riderId").isMissingNode() || assigned.path("riderId").isNull());

        // The rider runs the job once it is on their list (rider-service learns of the assignment from the same
        // event as merchant-service, possibly a moment later); the merchant follows it.
        await().atMost(Duration.ofSeconds(60)).until(() -> Api.get(rider.baseUrl()
                + "/api/v1/riders/me/jobs", riderTokens[0]).expect(200).body().toString().contains(deliveryId));
        Api.post(rider.baseUrl() + "/api/v1/jobs/" + deliveryId + "/pickup", riderTokens[0], "{}").expect(200);
        awaitStatus(deliveryId, "PICKED_UP");
        Api.post(rider.baseUrl() + "/api/v1/jobs/" + deliveryId + "/deliver", riderTokens[0], "{}").expect(200);
        awaitStatus(deliveryId, "DELIVERED");
    }

    @Test
    @Order(3)
    void anEventCommittedBeforeACrashIsSentAfterTheRestart() throws Exception {
        // Merchant-service restarted with its relay held back: the delivery commits, its event stays in the outbox.
        merchant.stop();
        merchant.start(Map.of("coop.outbox.relay-enabled", "false"));
        String deliveryId = createDelivery();
        assertEquals(Boolean.FALSE, outboxPublished(deliveryId), "the event waits in the outbox, unsent");
        merchant.kill();

        merchant.start(Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(outboxPublished(deliveryId)));
        // Dispatch got it: a rider receives the offer (rider 1 is free; rider 0 rejoined the queue after delivering).
        JsonNode offer = awaitOfferForAnyRider(deliveryId);
        assertNotNull(offer);
    }

    static String createDelivery() {
        return Api.post(merchant.baseUrl() + "/api/v1/deliveries", merchantToken, """
                {"pickup": {"address": "Bismarckplatz 1, 69115 Heidelberg",
                            "location": {"lat": %s, "lon": %s}, "contactName": "Bäckerei"},
                 "dropoff": {"address": "Plöck 20, 69117 Heidelberg", "location": {"lat": 49.4094, "lon": 8.7012},
                             "contactName": "Jo", "phone": "+49 6221 123456"},
                 "parcel": {"weightGrams": 1500}}
                """.formatted(PICKUP_LAT, PICKUP_LON)).expect(201).body().path("id").asText();
    }

    static JsonNode awaitOffer(String riderToken, String deliveryId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (JsonNode o : Api.get(rider.baseUrl() + "/api/v1/riders/me/offers", riderToken).expect(200).body()) {
                if (deliveryId.equals(o.path("deliveryId").asText())) {
                    return o;
                }
            }
            return null;
        }, o -> o != null);
    }

    static JsonNode awaitOfferForAnyRider(String deliveryId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (String token : riderTokens) {
                for (JsonNode o : Api.get(rider.baseUrl() + "/api/v1/riders/me/offers", token).expect(200).body()) {
                    if (deliveryId.equals(o.path("deliveryId").asText())) {
                        return o;
                    }
                }
            }
            return null;
        }, o -> o != null);
    }

    static JsonNode awaitStatus(String deliveryId, String status) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> Api.get(merchant.baseUrl() + "/api/v1/deliveries/" + deliveryId, merchantToken).expect(200).body(),
                d -> status.equals(d.path("status").asText()));
    }

    /** Whether the DeliveryRequested event of this delivery left the outbox; null if there is no such row. */
    static Boolean outboxPublished(String deliveryId) throws SQLException {
        try (Connection c = DriverManager.getConnection(testDbUrl("MERCHANT"), System.getenv("MERCHANT_DB_USER"),
                System.getenv("MERCHANT_DB_PASSWORD"));
             PreparedStatement q = c.prepareStatement(
                     "SELECT published_at IS NOT NULL FROM outbox_event WHERE event_key = ? AND event_type = ?")) {
            q.setString(1, deliveryId);
            q.setString(2, "DeliveryRequested");
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getBoolean(1) : null;
            }
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
