package coop.dispatch.merchant.coopcycle;

import coop.dispatch.commons.security.Roles;
import coop.dispatch.contracts.Events;
import coop.dispatch.contracts.Topics;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/**
 * What the contract tests share: a coordinator setting up shops, raw HTTP for the plugins' header quirks (exactly the
 * bytes a PHP client sends, no header added), and a port of the plugins' own time slot arithmetic.
 */
final class CoopCycleFixtures {
    /** Real addresses of the OSM extracts, with their positions there (every node the map has for the address). */
    static final String HD_STORE = "Plöck 55, 69117 Heidelberg";
    static final double[][] HD_STORE_AT = {{49.409163, 8.698343}, {49.409244, 8.698482}, {49.409634, 8.698122}};
    static final String HD_CUSTOMER = "Bergheimer Straße 20 69115 Heidelberg";
    static final double[][] HD_CUSTOMER_AT = {{49.408938, 8.690587}};
    static final String HD_CUSTOMER_2 = "Voßstraße 7, 69115 Heidelberg";
    static final double[][] HD_CUSTOMER_2_AT = {{49.409045, 8.688139}, {49.409318, 8.687715}, {49.409162, 8.687793}};
    static final String PRAGUE_PICKUP = "Jankovcova 938/18a, 170 00 Praha";
    static final double[][] PRAGUE_PICKUP_AT = {{50.110884, 14.450345}};
    static final String PRAGUE_DROPOFF = "Burešova 1661/2, 182 00 Praha 8";
    static final double[][] PRAGUE_DROPOFF_AT = {{50.127453, 14.470502}, {50.127179, 14.470097}};

    static final String HEIDELBERG_AREA = """
            {"type": "Polygon", "coordinates": [[[8.60, 49.36], [8.76, 49.36], [8.76, 49.45], [8.60, 49.45],
             [8.60, 49.36]]]}""";
    static final String PRAGUE_AREA = """
            {"type": "Polygon", "coordinates": [[[14.43, 50.10], [14.55, 50.10], [14.55, 50.16], [14.43, 50.16],
             [14.43, 50.10]]]}""";

    private CoopCycleFixtures() {
    }

    static String coordinator() {
        return Jwt.issuer("https://coopdispatch.coop").subject(UUID.randomUUID().toString()).upn("coordinator")
                .groups(Set.of(Roles.COORDINATOR, Roles.MEMBER)).sign();
    }

    /** Service zones covering both cities (each named for its city, so other tests' zones are left alone). */
    static void ensureZones() {
        List<String> names = given().auth().oauth2(coordinator()).when().get("/api/v1/zones")
                .then().statusCode(200).extract().path("name");
        for (String[] zone : new String[][]{{"Heidelberg (CoopCycle tests)", "heidelberg", HEIDELBERG_AREA},
                {"Praha (CoopCycle tests)", "prague", PRAGUE_AREA}}) {
            if (!names.contains(zone[0])) {
                given().auth().oauth2(coordinator()).contentType(ContentType.JSON)
                        .body("{\"name\": \"" + zone[0] + "\", \"city\": \"" + zone[1] + "\", \"area\": " + zone[2]
                                + "}")
                        .when().post("/api/v1/zones").then().statusCode(201);
            }
        }
    }

    /** A merchant as a coordinator creates it (body: {name, city, store, timeSlots}); answers its id. */
    static String merchant(String body) {
        return given().auth().oauth2(coordinator()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/merchants").then().statusCode(201).extract().path("id");
    }

    /** API credentials of a merchant: {clientId, secret}. */
    static String[] credentials(String merchantId, String name) {
        var c = given().auth().oauth2(coordinator()).contentType(ContentType.JSON)
                .body("{\"name\": \"" + name + "\"}")
                .when().post("/api/v1/merchants/" + merchantId + "/api-clients").then().statusCode(201).extract();
        return new String[]{c.path("clientId"), c.path("clientSecret")};
    }

    static String basic(String[] credentials) {
        return "Basic " + Base64.getEncoder().encodeToString((credentials[0] + ":" + credentials[1])
                .getBytes(StandardCharsets.UTF_8));
    }

    /** A token the way the WooCommerce plugin gets it: Basic auth, raw body, no Content-Type header. */
    static String wooCommerceToken(String[] credentials) {
        Raw r = raw("POST", "/oauth2/token", Map.of("Authorization", basic(credentials)),
                "grant_type=client_credentials&scope=deliveries");
        if (r.status() != 200) {
            throw new AssertionError("token: " + r.status() + " " + r.body());
        }
        return JsonPath.from(r.body()).getString("access_token");
    }

    static void produceStatus(KafkaCompanion kafka, String deliveryId, Object payload) {
        String topic = ConfigProvider.getConfig().getOptionalValue("coop.kafka.topic-prefix", String.class).orElse("")
                + Topics.DELIVERY_STATUS;
        kafka.produceStrings().fromRecords(new ProducerRecord<>(topic, deliveryId,
                Events.toJson(Events.envelope(deliveryId, payload, Instant.now())))).awaitCompletion();
    }

    static KafkaCompanion kafka() {
        return new KafkaCompanion(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    /** Distance to the nearest of the map's positions of an address. */
    static double metres(double[][] positions, double lat, double lon) {
        double best = Double.MAX_VALUE;
        for (double[] p : positions) {
            best = Math.min(best, metres(p, lat, lon));
        }
        return best;
    }

    static double metres(double[] a, double lat, double lon) {
        double dLat = Math.toRadians(lat - a[0]);
        double dLon = Math.toRadians(lon - a[1]) * Math.cos(Math.toRadians(a[0]));
        return 6_371_000 * Math.sqrt(dLat * dLat + dLon * dLon);
    }

    /** An HTTP answer read off the socket. */
    record Raw(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * One HTTP/1.1 exchange with exactly these headers (plus Host, Connection: close and the body's length): what a
     * PHP client sends, with nothing added by a Java client (no Accept, no Content-Type).
     */
    static Raw raw(String method, String path, Map<String, String> headers, String body) {
        int port = RestAssured.port;
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nConnection: close\r\n");
        headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        if (body != null) {
            request.append("Content-Length: ").append(content.length).append("\r\n");
        }
        request.append("\r\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.setTcpNoDelay(true);
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            whole.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            whole.write(content);
            OutputStream out = socket.getOutputStream();
            out.write(whole.toByteArray()); // one write: headers and body in one segment, as PHP's clients do
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] all = in.readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> h = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                h.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1)
                        .strip());
            }
            byte[] payload = java.util.Arrays.copyOfRange(all, end + 4, all.length);
            if ("chunked".equalsIgnoreCase(h.get("transfer-encoding"))) {
                payload = dechunk(payload);
            }
            return new Raw(status, h, new String(payload, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("raw HTTP " + method + " " + path + " failed", e);
        }
    }

    private static byte[] dechunk(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < data.length) {
            int lineEnd = i;
            while (data[lineEnd] != '\r') {
                lineEnd++;
            }
            int size = Integer.parseInt(new String(data, i, lineEnd - i, StandardCharsets.ISO_8859_1).split(";")[0]
                    .strip(), 16);
            if (size == 0) {
                break;
            }
            out.write(data, lineEnd + 2, size);
            i = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    /**
     * The plugins' CoopCycle::time_slot_to_date_periods, ported line by line: from now, day after day, every opening
     * hours entry of that weekday whose start (less the prior notice) is still ahead, until the ranges cover as many
     * distinct days as the interval says; sorted by start. Answers [start, end] pairs in the shop's time zone.
     */
    static List<ZonedDateTime[]> pluginChoices(Map<String, Object> timeSlot, ZoneId zone) {
        ZonedDateTime now = ZonedDateTime.now(zone);
        int expectedDays = Integer.parseInt(((String) timeSlot.get("interval")).split(" ")[0]);
        Duration notice = Duration.ZERO;
        if (timeSlot.get("priorNotice") instanceof String n && !n.isEmpty()) {
            String[] parts = n.split(" ");
            notice = parts[1].startsWith("hour") ? Duration.ofHours(Long.parseLong(parts[0]))
                    : parts[1].startsWith("minute") ? Duration.ofMinutes(Long.parseLong(parts[0]))
                    : Duration.ofDays(Long.parseLong(parts[0]));
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> hours = (List<Map<String, Object>>) timeSlot.get("openingHoursSpecification");
        List<ZonedDateTime[]> ranges = new ArrayList<>();
        ZonedDateTime cursor = now;
        int days = 0;
        while (days < expectedDays) {
            for (Map<String, Object> ohs : hours) {
                String dayName = cursor.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
                if (!((List<?>) ohs.get("dayOfWeek")).contains(dayName)) {
                    continue;
                }
                ZonedDateTime opens = cursor.with(LocalTime.parse((String) ohs.get("opens")));
                ZonedDateTime closes = cursor.with(LocalTime.parse((String) ohs.get("closes")));
                if (opens.minus(notice).isAfter(now)) {
                    ranges.add(new ZonedDateTime[]{opens, closes});
                }
            }
            cursor = cursor.plusDays(1);
            days = (int) ranges.stream().map(r -> r[0].toLocalDate()).distinct().count();
        }
        ranges.sort(Comparator.comparing(r -> r[0]));
        return ranges;
    }

    /** The plugins' option value for a range: "Y-m-d H:i-H:i". */
    static String slotValue(ZonedDateTime[] range) {
        return String.format("%s %02d:%02d-%02d:%02d", range[0].toLocalDate(), range[0].getHour(),
                range[0].getMinute(), range[1].getHour(), range[1].getMinute());
    }

    /** Every day of the week, as CoopCycle's openingHoursSpecification writes it. */
    static String everyDay() {
        StringBuilder b = new StringBuilder("[");
        for (DayOfWeek d : DayOfWeek.values()) {
            b.append(b.length() > 1 ? ", " : "").append('"')
                    .append(d.getDisplayName(TextStyle.FULL, Locale.ENGLISH)).append('"');
        }
        return b.append(']').toString();
    }
}
