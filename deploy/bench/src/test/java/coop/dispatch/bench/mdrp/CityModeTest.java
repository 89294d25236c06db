package coop.dispatch.bench.mdrp;

import coop.dispatch.engine.routing.BikeRouting;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** City mode on the small Heidelberg extract: a seeded synthetic day, bike routes, every policy, feasible, repeatable. */
class CityModeTest {
    static final Path OSM = Path.of(System.getProperty("coop.osm.dir", "../../../shared/osm"))
            .resolve("heidelberg.test.pbf");
    static final CityInstance.Settings SMALL = new CityInstance.Settings(160, 12, 2_000, 2_000, 2.0);
    static BikeRouting routing;

    @BeforeAll
    static void load() {
        assumeTrue(Files.isRegularFile(OSM), "no OSM extract at " + OSM);
        routing = BikeRouting.load(OSM, Path.of("target/graphs/heidelberg.test-mdrp"), s -> { });
    }

    @AfterAll
    static void close() {
        if (routing != null) {
            routing.close();
        }
    }

    static MdrpInstance day(long seed) {
        return CityInstance.generate("heidelberg-" + seed, routing, CityInstance.knownCenter(OSM), SMALL, seed);
    }

    @Test
    void everyPolicyWritesAFeasibleSolutionOnBikeRoutes(@TempDir Path out) throws Exception {
        MdrpInstance instance = day(7);
        assertEquals(160, instance.orders().size());
        assertTrue(instance.couriers().size() >= 10, "couriers: " + instance.couriers().size());
        // travel times are bike routes on the map, not the plane: never faster than 30 km/h in a straight line,
        // and some legs take longer than a straight line at 15 km/h would (streets, one-ways, detours)
        int detours = 0;
        for (MdrpInstance.Order o : instance.orders()) {
            MdrpInstance.Restaurant r = o.restaurant();
            double minutes = instance.travelMinutes(r.x(), r.y(), o.x(), o.y());
            double meters = MdrpInstance.distance(r.x(), r.y(), o.x(), o.y());
            assertTrue(minutes >= Math.floor(meters / 500), o.id() + ": " + minutes + " min for " + meters + " m");
            if (minutes > Math.ceil(meters / 250)) {
                detours++;
            }
        }
        assertTrue(detours > 0, "no leg longer than the straight line: not road travel times");

        MdrpReplay.Options options = new MdrpReplay.Options("all", Replay.Options.defaults(),
                Policies.Settings.defaults(), 1);
        MdrpReplay.InstanceRun run = MdrpReplay.runInstance(instance, out, options);
        MdrpReplay.writeInstanceReport(run, out, options);
        assertEquals(Policies.all(Policies.Settings.defaults()).size(), run.runs().size());
        for (MdrpReplay.PolicyRun r : run.runs()) {
            assertTrue(r.check().feasible(), r.policy() + ": " + r.check().summary());
            assertTrue(r.figures().ordersDelivered() >= 0.8 * instance.orders().size(),
                    r.policy() + " delivered " + r.figures().ordersDelivered());
            assertTrue(r.counters().decisions() > 0, r.policy() + ": the engine never decided");
        }
        assertTrue(Files.size(out.resolve("report.md")) > 0);
    }

    @Test
    void sameSeedSameDayAndSameAssignments() {
        MdrpInstance a = day(11);
        MdrpInstance b = day(11);
        assertEquals(a.couriers(), b.couriers());
        assertEquals(a.orders(), b.orders());
        assertEquals(a.restaurants(), b.restaurants());
        for (DispatchPolicy policy : Policies.select(Policies.Settings.defaults(), "NEAREST,FAIR_SHARE")) {
            List<Solution.Assignment> first = Replay.run(a, policy, Replay.Options.defaults()).solution().assignments();
            List<Solution.Assignment> second = Replay.run(b, policy, Replay.Options.defaults()).solution()
                    .assignments();
            assertTrue(first.size() > 100, policy.name() + ": " + first.size() + " assignments");
            assertEquals(first, second, policy.name());
        }
        MdrpInstance other = day(12);
        assertNotEquals(a.orders(), other.orders());
    }
}
