package coop.dispatch.rider.assembly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import coop.dispatch.commons.security.Roles;
import coop.dispatch.contracts.EventEnvelope;
import coop.dispatch.contracts.Events;
import coop.dispatch.contracts.Topics;
import coop.dispatch.contracts.events.DeliveryRequested;
import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.PolicyAdopted;
import coop.dispatch.policies.PolicyDocuments;
import coop.dispatch.rider.assembly.service.ProposalCloser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rider assembly through its API: proposals, secret ballots, closing exactly once, adoption on coop-policies. */
@QuarkusTest
class AssemblyApiTest {
    static final String PASSWORD = "correct horse battery";
    static KafkaCompanion kafka;

    @Inject
    ProposalCloser closer;

    @BeforeAll
    static void connect() {
        kafka = new KafkaCompanion(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterAll
    static void close() {
        kafka.close();
    }

    static String topic(String name) {
        return ConfigProvider.getConfig().getOptionalValue("coop.kafka.topic-prefix", String.class).orElse("") + name;
    }

    static String coordinatorToken() {
        return Jwt.issuer("https://coopdispatch.coop").subject(UUID.randomUUID().toString()).upn("coordinator")
                .groups(Set.of(Roles.COORDINATOR, Roles.MEMBER)).sign();
    }

    record Person(UUID id, String token) {
    }

    /** Admits someone with these roles through the coordinator API and logs them in. */
    static Person admit(String... roles) {
        String username = "asm-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(coordinatorToken()).contentType(ContentType.JSON)
                .body(Map.of("username", username, "displayName", "Member " + username, "password", PASSWORD,
                        "roles", List.of(roles), "vehicle", "EBIKE"))
                .when().post("/api/v1/members")
                .then().statusCode(201);
        var login = given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", PASSWORD))
                .when().post("/api/v1/auth/login")
                .then().statusCode(200).extract();
        return new Person(UUID.fromString(login.path("memberId")), login.path("accessToken"));
    }

    static Person member() {
        return admit(Roles.RIDER, Roles.MEMBER);
    }

    static ObjectNode document(String kind) {
        return PolicyDocuments.defaultDocument(kind);
    }

    static ExtractableResponse<Response> propose(Person who, String kind, JsonNode document, String votingPeriod,
                                                 int status) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("kind", kind, "document", document,
                "rationale", "Because the assembly should decide"));
        if (votingPeriod != null) {
            body.put("votingPeriod", votingPeriod);
        }
        return given().auth().oauth2(who.token()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/assembly/proposals")
                .then().statusCode(status).extract();
    }

    static ExtractableResponse<Response> vote(Person who, String proposalId, String choice, int status) {
        return given().auth().oauth2(who.token()).contentType(ContentType.JSON).body(Map.of("choice", choice))
                .when().put("/api/v1/assembly/proposals/" + proposalId + "/vote")
                .then().statusCode(status).extract();
    }

    /** Closes what is due after its closing time passed, as the scheduler does (or has already done). */
    void closeWhenDue(String proposalId, String closesAt) {
        await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(Instant.parse(closesAt)));
        closer.closeDue();
        given().auth().oauth2(member().token()).when().get("/api/v1/assembly/proposals/" + proposalId)
                .then().statusCode(200).body("status", not(equalTo("OPEN")));
    }

    static int activeMembers() {
        List<Map<String, Object>> members = given().auth().oauth2(coordinatorToken())
                .when().get("/api/v1/members").then().statusCode(200).extract().path("$");
        return (int) members.stream().filter(m -> Boolean.TRUE.equals(m.get("active"))
                && ((List<?>) m.get("roles")).contains(Roles.MEMBER)).count();
    }

    @Test
    void versionOneOfEveryKindIsSeededAndAnnounced() {
        ConsumerTask<String, String> policies = kafka.consumeStrings().fromTopics(topic(Topics.COOP_POLICIES));
        Person rider = admit(Roles.RIDER);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<PolicyAdopted> seeds = policies.getRecords().stream()
                    .map(r -> Events.payload(Events.parse(r.value()), PolicyAdopted.class))
                    .filter(p -> p.proposalId() == null).toList();
            assertEquals(Set.of("pricing:1", "dispatch:dispatch-1", "assembly:assembly-1"),
                    Set.copyOf(seeds.stream().map(p -> p.kind() + ":" + p.version()).toList()));
        });
        ConsumerRecord<String, String> pricing = policies.getRecords().stream()
                .filter(r -> r.key().equals("pricing")).findFirst().orElseThrow();
        PolicyAdopted adopted = Events.payload(Events.parse(pricing.value()), PolicyAdopted.class);
        assertEquals("1", adopted.document().get("version").asText(), "merchant-service reads the document's version");
        policies.close();

        // Anyone of the cooperative reads the policies; version 1 of every kind is in force.
        given().auth().oauth2(rider.token()).when().get("/api/v1/assembly/policies")
                .then().statusCode(200)
                .body("kind", hasItems("pricing", "dispatch", "assembly"))
                .body("find { it.kind == 'assembly' && it.inForce }.document.quorum", equalTo(0.3f));
        given().auth().oauth2(rider.token()).when().get("/api/v1/assembly/policies/dispatch/versions")
                .then().statusCode(200)
                .body("find { it.versionNo == 1 }.version", equalTo("dispatch-1"))
                .body("find { it.versionNo == 1 }.document.rotationKey", equalTo("LONGEST_WAITING"))
                .body("find { it.versionNo == 1 }.document.maxWeightGrams.CARGO_BIKE", equalTo(100000));
        given().auth().oauth2(rider.token()).when().get("/api/v1/assembly/policies/holidays/versions")
                .then().statusCode(404).contentType("application/problem+json");
        given().when().get("/api/v1/assembly/policies").then().statusCode(401);
    }

    @Test
    void onlyActiveMembersProposeAndVote() {
        Person member = member();
        ObjectNode fewestJobs = document("dispatch").put("rotationKey", "FEWEST_JOBS");
        String id = propose(member, "dispatch", fewestJobs, null, 201).path("id");

        Person riderOnly = admit(Roles.RIDER);
        propose(riderOnly, "dispatch", fewestJobs, null, 403);
        vote(riderOnly, id, "YES", 403);
        // A token with the member role is not enough: the membership must be on record and active.
        Person ghost = new Person(UUID.randomUUID(), coordinatorToken());
        var refused = propose(ghost, "dispatch", fewestJobs, null, 403);
        assertTrue(refused.contentType().startsWith("application/problem+json"));
        vote(ghost, id, "YES", 403);
        given().contentType(ContentType.JSON).body(Map.of("choice", "YES"))
                .when().put("/api/v1/assembly/proposals/" + id + "/vote").then().statusCode(401);

        // Riders who are not members may still read proposals.
        given().auth().oauth2(riderOnly.token()).when().get("/api/v1/assembly/proposals/" + id)
                .then().statusCode(200).body("kind", equalTo("dispatch")).body("youVoted", equalTo(false));
        given().auth().oauth2(riderOnly.token()).when().get("/api/v1/assembly/proposals/" + UUID.randomUUID())
                .then().statusCode(404);
    }

    @Test
    void invalidDocumentsAreRefusedWithEveryProblem() {
        Person member = member();
        ObjectNode dispatch = document("dispatch");
        dispatch.put("maxPickupMinutes", 90);
        dispatch.put("rotationKey", "BEST_RATED");
        dispatch.put("offerTimeoutSecond", 30);
        propose(member, "dispatch", dispatch, null, 422).response().then()
                .contentType("application/problem+json")
                .body("title", equalTo("Invalid policy document"))
                .body("errors.field", hasItems("document.maxPickupMinutes", "document.rotationKey",
                        "document.offerTimeoutSecond"))
                .body("detail", containsString("3 problem(s)"));

        ObjectNode pricing = document("pricing");
        pricing.put("priceExpression", "subtotal_cents * surge");
        pricing.put("riderShare", 1.5);
        propose(member, "pricing", pricing, null, 422).response().then()
                .body("errors.field", hasItems("document.priceExpression", "document.riderShare"))
                .body("errors.find { it.field == 'document.priceExpression' }.message",
                        containsString("undeclared reference to 'surge'"));

        propose(member, "dispatch", document("dispatch"), null, 422).response().then()
                .body("detail", containsString("nothing to vote on"));
        // Only shorter voting periods, and not below the installation's minimum.
        propose(member, "dispatch", document("dispatch").put("bundleLimit", 2), "P30D", 422).response().then()
                .body("errors.field", hasItem("votingPeriod"));
        propose(member, "dispatch", document("dispatch").put("bundleLimit", 2), "PT0.1S", 422);
        given().auth().oauth2(member.token()).contentType(ContentType.JSON)
                .body(Map.of("kind", "holidays", "document", Map.of(), "rationale", "x"))
                .when().post("/api/v1/assembly/proposals")
                .then().statusCode(400).body("errors.field", hasItem("kind"));
        given().auth().oauth2(member.token()).contentType(ContentType.JSON)
                .body(Map.of("kind", "dispatch", "document", "fast", "rationale", "x"))
                .when().post("/api/v1/assembly/proposals")
                .then().statusCode(422).body("errors.field", hasItem("document"));
    }

    @Test
    void aMemberHasOneSecretBallotThatTheyMayChangeUntilTheClose() {
        Person ana = member();
        Person ben = member();
        ObjectNode bundles = document("dispatch").put("bundleLimit", 2).put("bundleRadiusMeters", 100);
        var created = propose(ana, "dispatch", bundles, "PT3S", 201);
        String id = created.path("id");
        String closesAt = created.path("closesAt");
        created.response().then()
                .header("Location", containsString("/api/v1/assembly/proposals/" + id))
                .body("status", equalTo("OPEN"))
                .body("baseVersion", notNullValue())
                .body("changes.path", hasItems("bundleLimit", "bundleRadiusMeters"))
                .body("changes.find { it.path == 'bundleLimit' }.before", equalTo(1))
                .body("changes.find { it.path == 'bundleLimit' }.after", equalTo(2))
                .body("rules.quorum", equalTo(0.3f))
                .body("rules.supermajority", equalTo(false))
                .body("ballotsCast", equalTo(0));

        vote(ana, id, "YES", 200).response().then()
                .body("replacedEarlierBallot", equalTo(false)).body("ballotsCast", equalTo(1))
                .body("$", not(hasKey("choice")));
        vote(ana, id, "NO", 200).response().then()
                .body("replacedEarlierBallot", equalTo(true)).body("ballotsCast", equalTo(1));
        vote(ben, id, "NO", 200).response().then().body("ballotsCast", equalTo(2));
        vote(ben, id, "MAYBE", 400);

        String view = given().auth().oauth2(ana.token()).when().get("/api/v1/assembly/proposals/" + id)
                .then().statusCode(200)
                .body("youVoted", equalTo(true))
                .body("ballotsCast", equalTo(2))
                .body("$", not(hasKey("result")))
                .extract().asString();
        assertFalse(view.contains("\"choice\"") || view.contains("\"yes\""), "no choice, no running totals: " + view);
        given().auth().oauth2(member().token()).when().get("/api/v1/assembly/proposals?status=OPEN&kind=dispatch")
                .then().statusCode(200)
                .body("find { it.id == '" + id + "' }.youVoted", equalTo(false))
                .body("find { it.id == '" + id + "' }.document", nullValue());

        closeWhenDue(id, closesAt);
        given().auth().oauth2(ana.token()).when().get("/api/v1/assembly/proposals/" + id)
                .then().statusCode(200)
                .body("status", equalTo("REJECTED"))
                .body("result.yes", equalTo(0))
                .body("result.no", equalTo(2))
                .body("result.abstain", equalTo(0))
                .body("result.adopted", equalTo(false))
                .body("result.outcome", notNullValue());
        vote(ana, id, "YES", 409).response().then().contentType("application/problem+json");
    }

    @Test
    void aProposalClosesExactlyOnceAndItsAdoptionGoesOutOnThePolicyTopic() throws Exception {
        ConsumerTask<String, String> policies = kafka.consumeStrings().fromTopics(topic(Topics.COOP_POLICIES));
        Person proposer = member();
        // Enough members vote yes to meet the 30 % quorum of all the active members of this test run.
        int voters = (int) Math.ceil(0.3 * activeMembers() / 0.7) + 1;
        List<Person> yes = new ArrayList<>(List.of(proposer));
        while (yes.size() < voters) {
            yes.add(member());
        }
        ObjectNode fewestJobs = document("dispatch").put("rotationKey", "FEWEST_JOBS");
        var created = propose(proposer, "dispatch", fewestJobs, "PT4S", 201);
        String id = created.path("id");
        for (Person p : yes) {
            vote(p, id, "YES", 200);
        }

        // Two closers at once after the closing time (two instances, or a run repeated after a restart), besides
        // the scheduler: one closes it, the others change nothing.
        Instant closesAt = Instant.parse(created.path("closesAt"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(closesAt));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Integer>> runs = pool.invokeAll(List.<Callable<Integer>>of(closer::closeDue, closer::closeDue));
        pool.shutdown();
        int closedHere = runs.get(0).get() + runs.get(1).get();
        assertTrue(closedHere <= 1, "closed " + closedHere + " times");
        assertEquals(0, closer.closeDue(), "a repeated run closes nothing");

        var closed = given().auth().oauth2(proposer.token()).when().get("/api/v1/assembly/proposals/" + id)
                .then().statusCode(200)
                .body("status", equalTo("ADOPTED"))
                .body("result.adopted", equalTo(true))
                .body("result.quorumMet", equalTo(true))
                .body("result.yes", equalTo(voters))
                .body("result.adoptedVersion", notNullValue())
                .body("result.effectiveFrom", notNullValue())
                .extract();
        String version = closed.path("result.adoptedVersion");

        ConsumerRecord<String, String> record = await().atMost(Duration.ofSeconds(20)).until(() -> policies
                .getRecords().stream().filter(r -> adoptedBy(r, id)).findFirst().orElse(null), r -> r != null);
        assertEquals("dispatch", record.key());
        PolicyAdopted adopted = Events.payload(Events.parse(record.value()), PolicyAdopted.class);
        assertEquals(version, adopted.version());
        assertEquals("FEWEST_JOBS", adopted.document().get("rotationKey").asText());
        assertFalse(adopted.document().has("version"), "dispatch documents carry no version field");
        Thread.sleep(2000); // no timing is asserted: a second announcement would have had time to arrive
        assertEquals(1, policies.getRecords().stream().filter(r -> adoptedBy(r, id)).count());
        policies.close();

        given().auth().oauth2(proposer.token()).when().get("/api/v1/assembly/policies/dispatch/versions")
                .then().statusCode(200)
                .body("[0].version", equalTo(version))
                .body("[0].proposalId", equalTo(id))
                .body("[0].inForce", equalTo(true))
                .body("[0].changes.path", equalTo(List.of("rotationKey")))
                .body("[0].changes[0].before", equalTo("LONGEST_WAITING"))
                .body("[0].changes[0].after", equalTo("FEWEST_JOBS"));
        given().auth().oauth2(proposer.token()).when().get("/api/v1/assembly/policies/dispatch")
                .then().statusCode(200).body("version", equalTo(version));
    }

    static boolean adoptedBy(ConsumerRecord<String, String> record, String proposalId) {
        EventEnvelope e = Events.parse(record.value());
        return Events.is(e, PolicyAdopted.class)
                && proposalId.equals(Events.payload(e, PolicyAdopted.class).proposalId());
    }

    static int storedDeliveries(Person who, String proposalId) {
        Integer n = given().auth().oauth2(who.token()).when().get("/api/v1/assembly/proposals/" + proposalId
                + "/impact").then().statusCode(200).extract().path("pricing.deliveries");
        return n == null ? 0 : n;
    }

    @Test
    void theImpactPreviewReplaysTheRequestedDeliveries() {
        Person member = member();
        ObjectNode dearer = document("pricing").put("perKmCents", 240);
        String pricingId = propose(member, "pricing", dearer, null, 201).path("id");
        int before = storedDeliveries(member, pricingId);

        GeoPoint pickup = new GeoPoint(49.4093, 8.6929);
        List<DeliveryRequested> requests = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            requests.add(new DeliveryRequested(UUID.randomUUID(), UUID.randomUUID(), pickup,
                    new GeoPoint(49.4094 + i * 0.002, 8.7012), null, null, null, null, 1500 + 100 * i,
                    Instant.now().minus(Duration.ofHours(i)), 700L + 10 * i, 560L + 8 * i, "1"));
        }
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (DeliveryRequested r : requests) {
            records.add(new ProducerRecord<>(topic(Topics.DELIVERY_REQUESTS), r.deliveryId().toString(),
                    Events.toJson(Events.envelope(r.deliveryId().toString(), r, Instant.now()))));
        }
        // Delivered twice (same event id), and the same delivery announced again (a new event id): stored once.
        records.add(records.get(0));
        DeliveryRequested again = requests.get(1);
        records.add(new ProducerRecord<>(topic(Topics.DELIVERY_REQUESTS), again.deliveryId().toString(),
                Events.toJson(Events.envelope(again.deliveryId().toString(), again, Instant.now()))));
        kafka.produceStrings().fromRecords(records).awaitCompletion();

        await().atMost(Duration.ofSeconds(20)).until(() -> storedDeliveries(member, pricingId) >= before + 20);
        given().auth().oauth2(member.token()).when().get("/api/v1/assembly/proposals/" + pricingId + "/impact")
                .then().statusCode(200)
                .body("available", equalTo(true))
                .body("kind", equalTo("pricing"))
                .body("pricing.deliveries", equalTo(before + 20))
                .body("pricing.proposed.price.meanCents", greaterThan(0f))
                .body("pricing.change.cheaper", equalTo(0))
                .body("pricing.change.dearer", greaterThan(0))
                .body("pricing.change.meanPriceChangeCents", greaterThan(0f))
                .body("pricing.current.version", notNullValue())
                .body("pricing.recorded.price.p50Cents", greaterThan(0))
                .body("assumptions[0]", containsString("straight line"))
                .body("computedInMillis", notNullValue());

        // A dispatch proposal replays the same demand on the riders' shifts.
        Person rider = member();
        given().auth().oauth2(rider.token()).contentType(ContentType.JSON)
                .body("{\"location\": {\"lat\": 49.41, \"lon\": 8.69}}")
                .when().post("/api/v1/riders/me/shift").then().statusCode(201);
        String dispatchId = propose(member, "dispatch", document("dispatch").put("maxPickupMinutes", 5), null, 201)
                .path("id");
        given().auth().oauth2(member.token()).when().get("/api/v1/assembly/proposals/" + dispatchId + "/impact")
                .then().statusCode(200)
                .body("available", equalTo(true))
                .body("dispatch.shifts", greaterThan(0))
                .body("dispatch.current.deliveries", greaterThan(19))
                .body("dispatch.proposed.version", equalTo("proposed"))
                .body("dispatch.current.giniJobsPerRider", notNullValue())
                .body("assumptions", hasItem(containsString("accepts the first offer")));
        given().auth().oauth2(rider.token()).when().delete("/api/v1/riders/me/shift").then().statusCode(204);

        String assemblyId = propose(member, "assembly", document("assembly").put("quorum", 0.1), null, 201)
                .path("id");
        given().auth().oauth2(member.token()).when().get("/api/v1/assembly/proposals/" + assemblyId)
                .then().statusCode(200)
                .body("rules.supermajority", equalTo(true))
                .body("rules.threshold", equalTo(0.6666f));
        given().auth().oauth2(member.token()).when().get("/api/v1/assembly/proposals/" + assemblyId + "/impact")
                .then().statusCode(200).body("kind", equalTo("assembly"));
    }
}
