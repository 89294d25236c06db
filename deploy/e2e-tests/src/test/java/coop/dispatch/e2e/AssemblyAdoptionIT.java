package coop.dispatch.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rider assembly governs the running platform: members vote a pricing and a dispatch proposal, rider-service
 * closes and adopts them, and the other two services apply them. A quote on merchant-service made after the adoption
 * is priced by the proposed document and names the new pricing version; the next dispatch decision follows the new
 * rotation key and names the new dispatch version, where the decision just before the vote, for the same two
 * riders, followed the old key.
 *
 * <p>The assembly's own voting period is a week; {@link Platform} lets a proposal ask for a shorter one
 * ({@code coop.assembly.min-voting-period}) and has the closer look every second. The riders here ride cargo bikes
 * in Ziegelhausen and the parcels need one: the other end-to-end tests' riders (bikes, in the city centre and
 * Kirchheim) never take these deliveries, and these riders are out of reach of theirs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(Platform.Shared.class)
class AssemblyAdoptionIT {
    static final String PASSWORD = "assembly-" + UUID.randomUUID();
    // Ziegelhausen, Heidelberg: pickup on Kleingemünder Straße, dropoff a few streets east.
    static final double PICKUP_LAT = 49.4130;
    static final double PICKUP_LON = 8.7610;
    static final double DROPOFF_LAT = 49.4120;
    static final double DROPOFF_LON = 8.7700;
    /** Heavier than an e-bike carries (15 kg in dispatch-1 and pricing 1): only cargo bikes are eligible. */
    static final int CARGO_GRAMS = 30_000;
    static final int PARCEL_GRAMS = 1_500;
    /** Long enough for a handful of ballots on a loaded machine; the closer then adopts within a second. */
    static final Duration VOTING_PERIOD = Duration.ofSeconds(20);
    static final Duration PATIENCE = Duration.ofSeconds(60);

    static Platform platform;
    static String coordinator;
    static String shop;
    /** Ana did a job earlier in the shift and has waited longest since; Ben came online after, with no job yet. */
    static Rider ana;
    static Rider ben;
    static final List<String> openDeliveries = new ArrayList<>();

    static String pricingBefore;
    static String dispatchBefore;
    static ObjectNode proposedPricing;
    static String pricingProposal;
    static String dispatchProposal;
    static String pricingAdopted;
    static String dispatchAdopted;
    static int yesVotes;

    record Rider(String id, String token) {
    }

    @BeforeAll
    static void setUp() {
        platform = Platform.get();
        coordinator = login(Platform.COORDINATOR, Platform.COORDINATOR_PASSWORD).path("accessToken").asText();
        Api.post(platform.merchant.baseUrl() + "/api/v1/zones", coordinator, """
                {"name": "Ziegelhausen", "area": {"type": "Polygon", "coordinates": [[[8.73, 49.40], [8.80, 49.40],
                 [8.80, 49.43], [8.73, 49.43], [8.73, 49.40]]]}}""").expect(201);
        String merchantId = Api.post(platform.merchant.baseUrl() + "/api/v1/merchants", coordinator,
                "{\"name\":\"Ziegelhausen Getränke\"}").expect(201).body().path("id").asText();
        JsonNode client = Api.post(platform.merchant.baseUrl() + "/api/v1/merchants/" + merchantId + "/api-clients",
                coordinator, "{\"name\":\"crates\"}").expect(201).body();
        shop = Api.postForm(platform.merchant.baseUrl() + "/oauth2/token", "grant_type=client_credentials"
                        + "&client_id=" + enc(client.path("clientId").asText())
                        + "&client_secret=" + enc(client.path("clientSecret").asText()))
                .expect(200).body().path("access_token").asText();
    }

    /** Nothing of this class is left for the other end-to-end tests: open deliveries cancelled, riders offline. */
    @AfterAll
    static void leaveNothingBehind() {
        for (String deliveryId : openDeliveries) {
            Api.post(platform.merchant.baseUrl() + "/api/v1/deliveries/" + deliveryId + "/cancel", shop,
                    "{\"reason\":\"end of the assembly test\"}");
        }
        for (Rider r : new Rider[]{ana, ben}) {
            if (r != null) {
                await().atMost(PATIENCE).until(() -> Api.delete(rider("/api/v1/riders/me/shift"), r.token())
                        .status() == 204);
            }
        }
    }

    @Test
    @Order(1)
    void beforeTheVoteQuotesNameTheOldPricingAndDispatchFollowsTheOldKey() {
        pricingBefore = inForce("pricing").path("version").asText();
        JsonNode dispatchPolicy = inForce("dispatch");
        dispatchBefore = dispatchPolicy.path("version").asText();
        assertEquals("LONGEST_WAITING", dispatchPolicy.path("document").path("rotationKey").asText(),
                "this test changes longest waiting to fewest jobs");

        JsonNode quote = quote();
        assertEquals(pricingBefore, quote.path("policyVersion").asText(), quote.toString());

        // Ana goes online alone, takes the first cargo job and delivers it.
        ana = newRider("ana");
        goOnline(ana, PICKUP_LAT + 0.0010, PICKUP_LON - 0.0010);
        await().atMost(PATIENCE).until(() -> queue(ana).path("state").asText(), "WAITING"::equals);
        String first = createCargoDelivery();
        JsonNode offer = awaitOffer(ana, first);
        Api.post(rider("/api/v1/offers/" + offer.path("offerId").asText() + "/accept"), ana.token(), "")
                .expect(202);
        await().atMost(PATIENCE).until(() -> Api.get(rider("/api/v1/riders/me/jobs"), ana.token()).expect(200)
                .body().toString().contains(first));
        Api.post(rider("/api/v1/jobs/" + first + "/pickup"), ana.token(), "{}").expect(200);
        Api.post(rider("/api/v1/jobs/" + first + "/deliver"), ana.token(), "{}").expect(200);
        openDeliveries.remove(first);

        // Once dispatch knows she is free again, Ben goes online: Ana has waited longer, Ben has done fewer jobs.
        JsonNode anaQueue = await().atMost(PATIENCE).until(() -> queue(ana),
                q -> "WAITING".equals(q.path("state").asText()) && q.path("jobsThisShift").asInt() == 1);
        ben = newRider("ben");
        goOnline(ben, PICKUP_LAT - 0.0010, PICKUP_LON + 0.0010);
        JsonNode benQueue = await().atMost(PATIENCE).until(() -> queue(ben),
                q -> "WAITING".equals(q.path("state").asText()));
        assertEquals(0, benQueue.path("jobsThisShift").asInt());
        assertTrue(Instant.parse(anaQueue.path("waitingSince").asText())
                .isBefore(Instant.parse(benQueue.path("waitingSince").asText())), anaQueue + " / " + benQueue);

        // Under the old key the next job goes to Ana, Ben second in line.
        String second = createCargoDelivery();
        JsonNode decision = awaitDecision(second);
        assertEquals(dispatchBefore, decision.path("rulesVersion").asText(), decision.toString());
        assertEquals("LONGEST_WAITING", decision.path("rotationKey").asText(), decision.toString());
        assertEquals(List.of(ana.id(), ben.id()), candidates(decision), decision.toString());
        assertEquals(ana.id(), decision.path("chosenRiderId").asText(), decision.toString());
        awaitOffer(ana, second);

        // The shop calls it off: the offer is withdrawn and both riders keep their places for the vote's test.
        cancel(second);
        await().atMost(PATIENCE).until(() -> Api.get(dispatch("/api/v1/decisions/" + second), coordinator)
                .expect(200).body().path("offers").path(0).path("status").asText(), "WITHDRAWN"::equals);
    }

    @Test
    @Order(2)
    void membersAdoptAPricingAndADispatchProposalByVote() {
        // The proposer starts from the documents in force: a higher base and per-km price (with no time-of-day
        // parts, so the test can price it for any hour), and fewest jobs first.
        proposedPricing = (ObjectNode) inForce("pricing").path("document").deepCopy();
        proposedPricing.put("baseCents", proposedPricing.path("baseCents").asLong() + 150);
        proposedPricing.put("perKmCents", proposedPricing.path("perKmCents").asLong() + 20);
        proposedPricing.putArray("timeSurcharges");
        proposedPricing.putArray("rules");
        proposedPricing.put("priceExpression", "subtotal_cents");
        proposedPricing.put("riderPayExpression", "price_cents * rider_share");
        ObjectNode proposedDispatch = (ObjectNode) inForce("dispatch").path("document").deepCopy();
        proposedDispatch.put("rotationKey", "FEWEST_JOBS");

        // Enough members to meet the quorum whoever else the other tests admitted: Ana, Ben and new members vote
        // yes, one more member votes no.
        double quorum = inForce("assembly").path("document").path("quorum").asDouble();
        int active = activeMembers();
        int extra = 0;
        while (2 + extra + 1 < Math.ceil(quorum * (active + extra + 1))) {
            extra++;
        }
        List<Rider> yes = new ArrayList<>(List.of(ana, ben));
        for (int i = 0; i < extra; i++) {
            yes.add(newMember("voter" + i));
        }
        Rider no = newMember("sceptic");
        yesVotes = yes.size();

        pricingProposal = propose(ana, "pricing", proposedPricing, "A fairer base pay for short trips");
        dispatchProposal = propose(ben, "dispatch", proposedDispatch, "Share the quiet afternoons");
        for (String proposal : List.of(pricingProposal, dispatchProposal)) {
            for (Rider member : yes) {
                vote(member, proposal, "YES");
            }
            vote(no, proposal, "NO");
        }
        for (String proposal : List.of(pricingProposal, dispatchProposal)) {
            JsonNode open = proposal(proposal);
            assertEquals("OPEN", open.path("status").asText(), open.toString());
            assertEquals(yes.size() + 1, open.path("ballotsCast").asInt(), open.toString());
            assertTrue(open.path("result").isMissingNode(), "no running totals while open: " + open);
            Api.get(rider("/api/v1/assembly/proposals/" + proposal + "/impact"), ana.token()).expect(200);
        }

        pricingAdopted = awaitAdoption(pricingProposal);
        dispatchAdopted = awaitAdoption(dispatchProposal);
        assertNotEquals(pricingBefore, pricingAdopted);
        assertNotEquals(dispatchBefore, dispatchAdopted);
    }

    @Test
    @Order(3)
    void aQuoteAfterTheAdoptionIsPricedByTheNewDocumentAndNamesItsVersion() {
        JsonNode quote = await().atMost(PATIENCE).until(AssemblyAdoptionIT::quote,
                q -> pricingAdopted.equals(q.path("policyVersion").asText()));
        long[] expected = ExpectedPrice.of(proposedPricing, quote.path("distanceMeters").asInt(), PARCEL_GRAMS);
        long price = quote.path("priceCents").asLong();
        assertTrue(price >= expected[0] && price <= expected[1],
                "price " + price + " not in " + expected[0] + ".." + expected[1] + ": " + quote);
        assertEquals(Math.round(price * proposedPricing.path("riderShare").asDouble()),
                quote.path("riderPayCents").asLong(), quote.toString());
        assertEquals(proposedPricing.path("baseCents").asLong(), quote.path("lines").path(0).path("cents").asLong(),
                quote.toString());
    }

    @Test
    @Order(4)
    void theNextDecisionFollowsTheNewRotationKeyAndNamesItsVersion() {
        // Dispatch applies the adopted rules once it has read them from coop-policies.
        await().atMost(PATIENCE).until(() -> queue(ben).path("rulesVersion").asText(), dispatchAdopted::equals);
        JsonNode anaQueue = queue(ana);
        assertEquals(1, anaQueue.path("jobsThisShift").asInt(), anaQueue.toString());

        String third = createCargoDelivery();
        JsonNode decision = awaitDecision(third);
        assertEquals(dispatchAdopted, decision.path("rulesVersion").asText(), decision.toString());
        assertEquals("FEWEST_JOBS", decision.path("rotationKey").asText(), decision.toString());
        assertEquals(List.of(ben.id(), ana.id()), candidates(decision), decision.toString());
        assertEquals(ben.id(), decision.path("chosenRiderId").asText(), decision.toString());

        // Ben's phone gets the offer, paid by the new pricing; Ana's does not.
        JsonNode delivery = Api.get(merchant("/api/v1/deliveries/" + third), shop).expect(200).body();
        JsonNode price = delivery.path("price");
        assertEquals(pricingAdopted, price.path("policyVersion").asText(), delivery.toString());
        long[] expected = ExpectedPrice.of(proposedPricing, delivery.path("route").path("distanceMeters").asInt(),
                CARGO_GRAMS);
        long amount = price.path("amountCents").asLong();
        assertTrue(amount >= expected[0] && amount <= expected[1],
                "price " + amount + " not in " + expected[0] + ".." + expected[1] + ": " + delivery);
        JsonNode offer = awaitOffer(ben, third);
        assertEquals(price.path("riderPayCents").asLong(), offer.path("riderPayCents").asLong(), offer.toString());
        assertTrue(offers(ana).stream().noneMatch(o -> third.equals(o.path("deliveryId").asText())));
    }

    @Test
    @Order(5)
    void theResultsAndTheHistoryShowTheAdoptions() {
        for (String proposal : List.of(pricingProposal, dispatchProposal)) {
            JsonNode closed = proposal(proposal);
            JsonNode result = closed.path("result");
            assertEquals("ADOPTED", closed.path("status").asText(), closed.toString());
            assertEquals(yesVotes, result.path("yes").asInt(), closed.toString());
            assertEquals(1, result.path("no").asInt(), closed.toString());
            assertTrue(result.path("quorumMet").asBoolean(), closed.toString());
        }
        JsonNode adopted = Api.get(rider("/api/v1/assembly/proposals?status=ADOPTED"), ana.token()).expect(200).body();
        List<String> ids = new ArrayList<>();
        adopted.forEach(p -> ids.add(p.path("id").asText()));
        assertTrue(ids.containsAll(List.of(pricingProposal, dispatchProposal)), adopted.toString());

        assertHistory("pricing", pricingAdopted, pricingBefore, pricingProposal, "baseCents");
        assertHistory("dispatch", dispatchAdopted, dispatchBefore, dispatchProposal, "rotationKey");
        JsonNode rotation = inForce("dispatch").path("document").path("rotationKey");
        assertEquals("FEWEST_JOBS", rotation.asText());

        // merchant-service lists the version it applies, from the same proposal.
        JsonNode merchantPolicies = Api.get(merchant("/api/v1/pricing/policies"), shop).expect(200).body();
        JsonNode newest = merchantPolicies.path(merchantPolicies.size() - 1);
        assertEquals(pricingAdopted, newest.path("version").asText(), merchantPolicies.toString());
        assertEquals(pricingProposal, newest.path("proposalId").asText(), merchantPolicies.toString());
        JsonNode inForceAtMerchant = Api.get(merchant("/api/v1/pricing/policy"), shop).expect(200).body();
        assertEquals(pricingAdopted, inForceAtMerchant.path("version").asText(), inForceAtMerchant.toString());
    }

    static void assertHistory(String kind, String adopted, String before, String proposal, String changedField) {
        JsonNode versions = Api.get(rider("/api/v1/assembly/policies/" + kind + "/versions"), ana.token())
                .expect(200).body();
        JsonNode newest = versions.path(0);
        assertEquals(adopted, newest.path("version").asText(), versions.toString());
        assertEquals(proposal, newest.path("proposalId").asText(), versions.toString());
        assertEquals(before, newest.path("previousVersion").asText(), versions.toString());
        assertTrue(newest.path("inForce").asBoolean(), versions.toString());
        List<String> changed = new ArrayList<>();
        newest.path("changes").forEach(c -> changed.add(c.path("path").asText()));
        assertTrue(changed.stream().anyMatch(p -> p.contains(changedField)), newest.path("changes").toString());
        assertEquals(before, versions.path(1).path("version").asText(), versions.toString());
    }

    // --- the assembly ---

    static String propose(Rider member, String kind, JsonNode document, String rationale) {
        ObjectNode body = Api.JSON.createObjectNode().put("kind", kind).put("rationale", rationale)
                .put("votingPeriod", VOTING_PERIOD.toString());
        body.set("document", document);
        return Api.post(rider("/api/v1/assembly/proposals"), member.token(), body.toString()).expect(201).body()
                .path("id").asText();
    }

    static void vote(Rider member, String proposal, String choice) {
        Api.put(rider("/api/v1/assembly/proposals/" + proposal + "/vote"), member.token(),
                "{\"choice\":\"" + choice + "\"}").expect(200);
    }

    static JsonNode proposal(String id) {
        return Api.get(rider("/api/v1/assembly/proposals/" + id), ana.token()).expect(200).body();
    }

    /** Waits for the scheduler to close the proposal; returns the version it adopted (fails if it was rejected). */
    static String awaitAdoption(String id) {
        JsonNode closed = await().atMost(VOTING_PERIOD.plus(PATIENCE)).until(() -> proposal(id),
                p -> !"OPEN".equals(p.path("status").asText()));
        assertEquals("ADOPTED", closed.path("status").asText(), closed.toString());
        assertTrue(closed.path("result").path("adopted").asBoolean(), closed.toString());
        return closed.path("result").path("adoptedVersion").asText();
    }

    static JsonNode inForce(String kind) {
        return Api.get(rider("/api/v1/assembly/policies/" + kind), coordinator).expect(200).body();
    }

    static int activeMembers() {
        int count = 0;
        for (JsonNode m : Api.get(rider("/api/v1/members"), coordinator).expect(200).body()) {
            if (m.path("active").asBoolean() && m.path("roles").toString().contains("\"member\"")) {
                count++;
            }
        }
        return count;
    }

    // --- riders ---

    static Rider newRider(String name) {
        return admit(name, "\"vehicle\":\"CARGO_BIKE\"");
    }

    static Rider newMember(String name) {
        return admit(name, "\"roles\":[\"member\"]");
    }

    static Rider admit(String name, String extra) {
        String username = name + "-" + Platform.RUN;
        Api.post(rider("/api/v1/members"), coordinator, "{\"username\":\"%s\",\"displayName\":\"%s\",\"password\":\"%s\",%s}"
                .formatted(username, name, PASSWORD, extra)).expect(201);
        JsonNode login = login(username, PASSWORD);
        return new Rider(login.path("memberId").asText(), login.path("accessToken").asText());
    }

    static JsonNode login(String username, String password) {
        return Api.post(platform.rider.baseUrl() + "/api/v1/auth/login", null,
                "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(username, password)).expect(200).body();
    }

    static void goOnline(Rider r, double lat, double lon) {
        Api.post(rider("/api/v1/riders/me/shift"), r.token(),
                "{\"location\":{\"lat\":%s,\"lon\":%s}}".formatted(lat, lon)).expect(201);
    }

    static List<JsonNode> offers(Rider r) {
        List<JsonNode> offers = new ArrayList<>();
        Api.get(rider("/api/v1/riders/me/offers"), r.token()).expect(200).body().forEach(offers::add);
        return offers;
    }

    static JsonNode awaitOffer(Rider r, String deliveryId) {
        return await().atMost(PATIENCE).until(() -> offers(r).stream()
                .filter(o -> deliveryId.equals(o.path("deliveryId").asText())).findFirst().orElse(null), o -> o != null);
    }

    // --- dispatch ---

    static JsonNode queue(Rider r) {
        return platform.dispatchQueue(r.id(), coordinator);
    }

    /** The first automatic decision on this delivery, once dispatch has made it. */
    static JsonNode awaitDecision(String deliveryId) {
        return await().atMost(PATIENCE).until(() -> {
            Api.Reply reply = Api.get(dispatch("/api/v1/decisions/" + deliveryId), coordinator);
            return reply.status() == 200 ? reply.body().path("decisions").path(0) : null;
        }, d -> d != null && !d.isMissingNode());
    }

    static List<String> candidates(JsonNode decision) {
        List<String> riders = new ArrayList<>();
        decision.path("candidates").forEach(c -> riders.add(c.path("riderId").asText()));
        return riders;
    }

    // --- merchant ---

    static JsonNode quote() {
        return Api.post(merchant("/api/v1/quotes"), shop, deliveryBody(PARCEL_GRAMS)).expect(200).body();
    }

    static String createCargoDelivery() {
        String id = Api.post(merchant("/api/v1/deliveries"), shop, deliveryBody(CARGO_GRAMS)).expect(201).body()
                .path("id").asText();
        openDeliveries.add(id);
        return id;
    }

    static void cancel(String deliveryId) {
        Api.post(merchant("/api/v1/deliveries/" + deliveryId + "/cancel"), shop, "{\"reason\":\"not needed\"}")
                .expect(200);
        openDeliveries.remove(deliveryId);
    }

    static String deliveryBody(int grams) {
        return """
                {"pickup": {"address": "Kleingemünder Str. 10, 69118 Heidelberg",
                            "location": {"lat": %s, "lon": %s}, "contactName": "Getränke"},
                 "dropoff": {"address": "Peterstaler Str. 20, 69118 Heidelberg",
                             "location": {"lat": %s, "lon": %s}, "contactName": "Jo"},
                 "parcel": {"weightGrams": %d}}
                """.formatted(PICKUP_LAT, PICKUP_LON, DROPOFF_LAT, DROPOFF_LON, grams);
    }

    static String rider(String path) {
        return platform.rider.baseUrl() + path;
    }

    static String dispatch(String path) {
        return platform.dispatch.baseUrl() + path;
    }

    static String merchant(String path) {
        return platform.merchant.baseUrl() + path;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * The price of a parcel with no size under a pricing document without time surcharges or rules, priced by
     * {@code subtotal_cents}, worked out here from the document's published meaning (README, "Behaviour"): base +
     * per km + the largest weight surcharge that applies + the cargo bike surcharge when only a cargo bike carries
     * it, at least the minimum. A quote states its distance to the metre, so the price is that of some distance
     * within half a metre of it: {@code [lowest, highest]}.
     */
    static final class ExpectedPrice {
        static long[] of(JsonNode document, int distanceMeters, int grams) {
            assertTrue(document.path("timeSurcharges").isEmpty() && document.path("rules").isEmpty()
                    && "subtotal_cents".equals(document.path("priceExpression").asText()), document.toString());
            return new long[]{cents(document, (distanceMeters - 0.5) / 1000.0, grams),
                    cents(document, (distanceMeters + 0.5) / 1000.0, grams)};
        }

        private static long cents(JsonNode doc, double km, int grams) {
            long total = doc.path("baseCents").asLong() + Math.round(doc.path("perKmCents").asLong() * km);
            long weight = 0;
            for (JsonNode w : doc.path("weightSurcharges")) {
                if (grams > w.path("aboveGrams").asInt()) {
                    weight = Math.max(weight, w.path("cents").asLong());
                }
            }
            total += weight;
            JsonNode max = doc.path("vehicleMaxGrams");
            if (grams > max.path("BIKE").asInt() && grams > max.path("EBIKE").asInt()) {
                total += doc.path("cargoBikeSurchargeCents").asLong();
            }
            return Math.max(total, doc.path("minimumCents").asLong());
        }
    }
}
