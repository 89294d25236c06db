package coop.dispatch.rider.assembly;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.Vehicle;
import coop.dispatch.engine.DispatchRules;
import coop.dispatch.engine.RotationKey;
import coop.dispatch.policies.CompiledPricingPolicy;
import coop.dispatch.policies.PolicyDocuments;
import coop.dispatch.policies.PricingPolicies;
import coop.dispatch.rider.assembly.service.DispatchReplay;
import coop.dispatch.rider.assembly.service.JsonDiff;
import coop.dispatch.rider.assembly.service.PricingReplay;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plain parts of the assembly: document diffs and the replays behind the impact preview. */
class AssemblyReplayTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant WEDNESDAY_NOON = Instant.parse("2024-05-15T10:00:00Z");

    @Test
    void diffNamesEveryChangedFieldOnce() throws Exception {
        ObjectNode before = PolicyDocuments.defaultDocument("dispatch");
        ObjectNode after = before.deepCopy();
        after.put("rotationKey", "FEWEST_JOBS");
        after.put("maxPickupMinutes", 15.0); // the same number written differently is no change
        after.with("maxWeightGrams").put("BIKE", 9000);
        after.put("note", "x");
        after.remove("bundleLimit");
        List<JsonDiff.Entry> diff = JsonDiff.diff(before, after);
        assertEquals(List.of("rotationKey", "bundleLimit", "maxWeightGrams.BIKE", "note"),
                diff.stream().map(JsonDiff.Entry::path).toList());
        assertEquals(List.of(JsonDiff.Change.CHANGED, JsonDiff.Change.REMOVED, JsonDiff.Change.CHANGED,
                JsonDiff.Change.ADDED), diff.stream().map(JsonDiff.Entry::change).toList());
        assertEquals("LONGEST_WAITING", diff.get(0).before().asText());

        ObjectNode pricing = PolicyDocuments.defaultDocument("pricing");
        ObjectNode morePerKm = pricing.deepCopy();
        ((ObjectNode) morePerKm.withArray("rules").get(1)).put("cents", "(distance_km - 8.0) * 40.0");
        assertEquals(List.of("rules[1].cents"), JsonDiff.diff(pricing, morePerKm).stream()
                .map(JsonDiff.Entry::path).toList());
        assertEquals(List.of(), JsonDiff.diff(pricing, JSON.readTree(pricing.toString())));
    }

    @Test
    void pricingReplayComparesTheSameDeliveriesUnderBothPolicies() {
        CompiledPricingPolicy current = PricingPolicies.defaultPolicy();
        ObjectNode doubled = PolicyDocuments.defaultDocument("pricing");
        doubled.put("perKmCents", 240);
        CompiledPricingPolicy proposed = PricingPolicies.compile(doubled);
        List<PricingReplay.Input> inputs = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            // 1..10 km by the straight line: 1.3..13 km priced.
            inputs.add(new PricingReplay.Input(WEDNESDAY_NOON, 1500, i * 1000.0, 700L, 560L));
        }
        inputs.add(new PricingReplay.Input(WEDNESDAY_NOON, 150_000, 1000, null, null)); // fits no vehicle

        PricingReplay.Result r = PricingReplay.compare(inputs, current, proposed);
        assertEquals(11, r.deliveries());
        assertEquals(1, r.current().notPriced());
        assertEquals(1, r.recorded().notPriced());
        assertEquals(10, r.current().price().count());
        assertEquals(10, r.change().dearer());
        assertEquals(0, r.change().cheaper());
        // 1.3 km: 350 + 156 = 506 cents now, 350 + 312 = 662 proposed.
        assertEquals(506, r.current().price().minCents());
        assertEquals(662, r.proposed().price().minCents());
        assertTrue(r.proposed().price().meanCents() > r.current().price().meanCents());
        assertTrue(r.current().price().p10Cents() <= r.current().price().p50Cents()
                && r.current().price().p50Cents() <= r.current().price().p90Cents());
        assertEquals(0.8, r.change().meanRiderShareCurrent(), 0.01);
        assertEquals(700, r.recorded().price().p50Cents());
    }

    @Test
    void pricesKeptFromBeforeAreExtendedToTheDeliveriesAddedSince() {
        CompiledPricingPolicy current = PricingPolicies.defaultPolicy();
        List<PricingReplay.Input> inputs = new ArrayList<>();
        for (int i = 0; i < 9000; i++) {
            // Every hour of a fortnight, 0.3 to 12 km, 0.1 to 120 kg (the heaviest fit no vehicle).
            inputs.add(new PricingReplay.Input(WEDNESDAY_NOON.plusSeconds(i * 137L), 100 + i * 13, 300 + i % 9000,
                    i % 3 == 0 ? null : 900L, i % 3 == 0 ? null : 700L));
        }
        PricingReplay.Result fromInputs = PricingReplay.compare(inputs, current, current);
        PricingReplay.Deliveries all = PricingReplay.Deliveries.concat(PricingReplay.Deliveries.of(inputs.subList(0,
                5000)), PricingReplay.Deliveries.of(inputs.subList(5000, inputs.size())));
        PricingReplay.Priced first = PricingReplay.price(PricingReplay.Deliveries.of(inputs.subList(0, 5000)), current);
        PricingReplay.Priced extended = PricingReplay.price(all, current, first);
        PricingReplay.Priced fresh = PricingReplay.price(all, current);
        assertArrayEquals(fresh.priceCents(), extended.priceCents());
        assertArrayEquals(fresh.riderPayCents(), extended.riderPayCents());
        assertEquals(fromInputs, PricingReplay.compare(all, extended, fresh));
        assertEquals(3000, fromInputs.recorded().notPriced());
        assertTrue(fromInputs.current().notPriced() > 0 && fromInputs.current().price().count() > 1000);
        assertEquals(fromInputs.current().price().count(), fromInputs.change().same());

        int[] odd = java.util.stream.IntStream.range(0, all.size()).filter(i -> i % 2 == 1).toArray();
        assertArrayEquals(PricingReplay.price(all.select(odd), current).priceCents(),
                fresh.select(odd).priceCents());
    }

    @Test
    void distributionsAreTheNearestRanksOfTheSortedAmounts() {
        java.util.Random random = new java.util.Random(7);
        for (int spread : new int[]{1, 50, 3000, 10_000_000}) { // narrow spreads are counted, wide ones sorted
            for (int n : new int[]{1, 2, 9, 10, 11, 1000, 4321}) {
                long[] values = new long[n + 3];
                for (int i = 0; i < values.length; i++) {
                    values[i] = i < 3 ? -1 : 500 + random.nextInt(spread); // -1: not priced
                }
                long[] sorted = java.util.Arrays.stream(values).filter(v -> v >= 0).sorted().toArray();
                PricingReplay.Distribution d = PricingReplay.Distribution.of(values);
                String what = n + " amounts over " + spread;
                assertEquals(n, d.count(), what);
                assertEquals(sorted[0], d.minCents(), what);
                assertEquals(sorted[n - 1], d.maxCents(), what);
                assertEquals(sorted[Math.max(0, (int) Math.ceil(0.1 * n) - 1)], d.p10Cents(), what);
                assertEquals(sorted[Math.max(0, (int) Math.ceil(0.5 * n) - 1)], d.p50Cents(), what);
                assertEquals(sorted[Math.max(0, (int) Math.ceil(0.9 * n) - 1)], d.p90Cents(), what);
                assertEquals(Math.round(java.util.Arrays.stream(sorted).average().orElseThrow() * 10) / 10.0,
                        d.meanCents(), what);
            }
        }
        assertEquals(0, PricingReplay.Distribution.of(new long[]{-1, -1}).count());
    }

    static final GeoPoint BISMARCKPLATZ = new GeoPoint(49.4093, 8.6929);
    static final GeoPoint PLOECK = new GeoPoint(49.4094, 8.7012);

    @Test
    void dispatchReplaySharesJobsByTheRotationKey() {
        Instant from = WEDNESDAY_NOON;
        Instant to = from.plus(Duration.ofHours(4));
        UUID early = UUID.randomUUID();
        UUID late = UUID.randomUUID();
        List<DispatchReplay.Shift> shifts = List.of(
                new DispatchReplay.Shift(early, Vehicle.EBIKE, from, to, BISMARCKPLATZ),
                new DispatchReplay.Shift(late, Vehicle.EBIKE, from.plusSeconds(60), to, BISMARCKPLATZ));
        List<DispatchReplay.Demand> demand = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // One short job every 20 minutes: both riders are free each time.
            demand.add(new DispatchReplay.Demand(UUID.randomUUID(), from.plus(Duration.ofMinutes(5 + 20L * i)),
                    BISMARCKPLATZ, PLOECK, 1000, 500L));
        }
        demand.add(new DispatchReplay.Demand(UUID.randomUUID(), from.plus(Duration.ofMinutes(30)), BISMARCKPLATZ,
                PLOECK, 150_000, 900L)); // too heavy for an e-bike: nobody can take it

        DispatchRules longestWaiting = DispatchRules.defaults();
        DispatchReplay.Figures lw = DispatchReplay.run(demand, shifts, longestWaiting, from, to);
        assertEquals(13, lw.deliveries());
        assertEquals(12, lw.assigned());
        assertEquals(1, lw.unassignable());
        assertEquals(2, lw.riders());
        assertEquals(6, lw.minJobsPerRider(), "longest waiting alternates between two free riders");
        assertEquals(0.0, lw.giniJobsPerRider());
        assertEquals("LONGEST_WAITING", lw.rotationKey());
        assertTrue(lw.meanPickupMinutes() > 0 && lw.meanPickupMinutes() < 5, "from the last dropoff, 600 m away");

        DispatchReplay.Figures fj = DispatchReplay.run(demand, shifts,
                longestWaiting.withRotationKey(RotationKey.FEWEST_JOBS), from, to);
        assertEquals(12, fj.assigned());
        assertEquals("FEWEST_JOBS", fj.rotationKey());
        assertEquals(6, fj.maxJobsPerRider());
    }
}
