package coop.dispatch.policies;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PricingPolicyTest {
    static final ObjectMapper JSON = new ObjectMapper();
    // A Wednesday at noon in Heidelberg.
    static final Instant NOON = Instant.parse("2024-05-15T10:00:00Z");

    static ObjectNode defaultDocument() {
        return (ObjectNode) PricingPolicies.toJson(PricingPolicies.defaultPolicy().policy());
    }

    @Test
    void defaultPolicyPricesByDistanceWeightSizeVehicleAndTime() {
        CompiledPricingPolicy p = PricingPolicies.defaultPolicy();
        assertEquals("1", p.version());

        PriceQuote short3km = p.price(new PricingInput(3.0, 1500, null, 1, NOON));
        assertEquals(350 + 360, short3km.priceCents());
        assertEquals(Math.round(710 * 0.8), short3km.riderPayCents());
        assertEquals(Vehicle.BIKE, short3km.vehicle());
        assertEquals("1", short3km.policyVersion());

        PriceQuote tiny = p.price(new PricingInput(0.2, 100, null, 1, NOON));
        assertEquals(500, tiny.priceCents(), "the minimum applies");
        assertTrue(tiny.lines().stream().anyMatch(l -> l.label().equals("minimum price")));

        assertEquals(Vehicle.EBIKE, p.vehicleFor(12_000, "M"));
        assertEquals(Vehicle.CARGO_BIKE, p.vehicleFor(2_000, "XL"));
        PriceQuote cargo = p.price(new PricingInput(3.0, 20_000, "XL", 2, NOON));
        assertEquals(350 + 360 + 300 + 400 + 300, cargo.priceCents());

        Instant night = Instant.parse("2024-05-15T21:30:00Z"); // 23:30 in Heidelberg (summer time)
        assertEquals(710 + 150, p.price(new PricingInput(3.0, 1500, null, 1, night)).priceCents());
        Instant sunday = Instant.parse("2024-05-19T10:00:00Z");
        assertEquals(710 + 100, p.price(new PricingInput(3.0, 1500, null, 1, sunday)).priceCents());
        assertEquals(350 + 1200 + 60, p.price(new PricingInput(10.0, 1500, null, 1, NOON)).priceCents());

        PricingException tooHeavy = assertThrows(PricingException.class,
                () -> p.price(new PricingInput(1, 150_000, null, 1, NOON)));
        assertEquals("parcel.weightGrams", tooHeavy.field());
    }

    @Test
    void expressionsAreTypeCheckedWithLineAndColumnAndEveryProblemIsReported() {
        ObjectNode doc = defaultDocument();
        doc.put("version", "");
        doc.put("riderShare", 1.5);
        doc.put("baseCents", -5);
        doc.put("timeZone", "Mars/Olympus");
        ArrayNode rules = doc.putArray("rules");
        rules.addObject().put("name", "typo").put("when", "distanse_km > 3").put("cents", "100");
        rules.addObject().put("name", "wrong type").put("when", "vehicle == 'CARGO_BIKE'").put("cents", "'lots'");
        rules.addObject().put("name", "not a condition").put("when", "hour").put("cents", "1.5 * 2.0");
        doc.put("priceExpression", "subtotal_cents +\n  size");

        List<PolicyProblem> problems = PricingPolicies.parse(doc).validate();
        List<String> fields = problems.stream().map(PolicyProblem::field).toList();
        assertTrue(fields.containsAll(List.of("version", "riderShare", "baseCents", "timeZone", "rules[0].when",
                "rules[1].cents", "rules[2].when", "priceExpression")), problems.toString());
        String typo = problems.stream().filter(p -> p.field().equals("rules[0].when")).findFirst().orElseThrow()
                .message();
        assertTrue(typo.contains("undeclared reference to 'distanse_km'") && typo.contains(":1:1"), typo);
        String price = problems.stream().filter(p -> p.field().equals("priceExpression")).findFirst().orElseThrow()
                .message();
        assertTrue(price.contains(":1:16") || price.contains(":2:"), price);

        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> PricingPolicies.compile(doc));
        assertEquals(problems.size(), e.problems().size());
    }

    @Test
    void runtimeFailuresAreFoundBeforeAdoptionAndUnknownFieldsAreRefused() {
        ObjectNode doc = defaultDocument();
        doc.put("priceExpression", "subtotal_cents / (distance_km - distance_km)");
        List<PolicyProblem> problems = PricingPolicies.parse(doc).validate();
        assertEquals("priceExpression", problems.get(0).field(), problems.toString());

        ObjectNode intDivision = defaultDocument();
        intDivision.putArray("rules").addObject().put("name", "per package").put("when", "true")
                .put("cents", "100 / (packages - 1)");
        assertEquals("rules[0].cents", PricingPolicies.parse(intDivision).validate().get(0).field());

        ObjectNode typo = defaultDocument();
        typo.put("perKmCent", 100);
        InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> PricingPolicies.parse(typo));
        assertTrue(e.getMessage().contains("perKmCent"), e.getMessage());
    }

    @Test
    void aProposalCanChangeTheFormulaAndThePay() {
        ObjectNode doc = defaultDocument();
        doc.put("version", "2");
        doc.put("priceExpression", "subtotal_cents * (vehicle == 'CARGO_BIKE' ? 1.1 : 1.0)");
        doc.put("riderPayExpression", "price_cents * rider_share + (hour >= 22 ? 50.0 : 0.0)");
        CompiledPricingPolicy p = PricingPolicies.compile(doc);
        PriceQuote q = p.price(new PricingInput(3.0, 20_000, "XL", 1, NOON));
        assertEquals(Math.round(1710 * 1.1), q.priceCents());
        assertEquals("2", q.policyVersion());
    }

    @Test
    void priceAndPayIsWhatTheQuoteSaysForEveryKindOfDelivery() {
        ObjectNode doc = defaultDocument();
        doc.put("version", "3");
        doc.put("priceExpression", "subtotal_cents + surcharges_cents * 0.5 + (size == 'L' ? 25.0 : 0.0)");
        doc.put("riderPayExpression", "price_cents * rider_share + subtotal_cents * 0.01 + double(packages) * 10.0");
        doc.withArray("rules").addObject().put("name", "heavy evening").put("when", "hour >= 18 && weight_kg > 4.0")
                .put("cents", "weight_grams / 100 + weekday");
        List<CompiledPricingPolicy> policies = List.of(PricingPolicies.defaultPolicy(), PricingPolicies.compile(doc));
        int compared = 0;
        int failed = 0;
        for (CompiledPricingPolicy p : policies) {
            for (double km : new double[]{0, 0.3, 2.7, 9.5, 31}) {
                for (int grams : new int[]{0, 4_500, 9_000, 40_001, 150_000}) {
                    for (String size : new String[]{null, "s", "L", "XL"}) {
                        for (int h = 0; h < 7 * 24; h += 7) {
                            PricingInput in = new PricingInput(km, grams, size, 2, NOON.plusSeconds(h * 3600L));
                            PriceQuote quote;
                            try {
                                quote = p.price(in);
                            } catch (PricingException e) {
                                PricingException fast = assertThrows(PricingException.class, () -> p.priceAndPay(in));
                                assertEquals(e.field(), fast.field());
                                failed++;
                                continue;
                            }
                            assertEquals(new PriceAndPay(quote.priceCents(), quote.riderPayCents()), p.priceAndPay(in),
                                    in + " under version " + p.version());
                            assertEquals(quote.priceCents(), quote.lines().stream().mapToLong(PriceQuote.Line::cents)
                                    .sum(), "the lines add up to the price");
                            compared++;
                        }
                    }
                }
            }
        }
        assertTrue(compared > 1000 && failed > 0, compared + " compared, " + failed + " too heavy");
    }

    @Test
    void theDefaultFormulasComputedDirectlyGiveWhatCelGives() {
        ObjectNode same = defaultDocument();
        same.put("riderShare", 0.73); // a share whose products round differently now and then
        ObjectNode throughCel = same.deepCopy();
        throughCel.put("priceExpression", "subtotal_cents + 0.0");
        throughCel.put("riderPayExpression", "rider_share * price_cents");
        CompiledPricingPolicy direct = PricingPolicies.compile(same);
        CompiledPricingPolicy cel = PricingPolicies.compile(throughCel);
        for (int i = 0; i < 2000; i++) {
            PricingInput in = new PricingInput(i * 0.0137, (i * 7919) % 40_000, i % 5 == 0 ? "L" : null, 1,
                    NOON.plusSeconds(i * 3011L));
            PriceQuote expected = cel.price(in);
            assertEquals(new PriceAndPay(expected.priceCents(), expected.riderPayCents()), direct.priceAndPay(in),
                    in.toString());
            assertEquals(expected.lines(), direct.price(in).lines());
        }
    }
}
