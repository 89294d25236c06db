package coop.dispatch.rider.assembly;

import com.fasterxml.jackson.databind.node.ObjectNode;
import coop.dispatch.policies.CompiledPricingPolicy;
import coop.dispatch.policies.PolicyDocuments;
import coop.dispatch.policies.PricingPolicies;
import coop.dispatch.rider.assembly.service.PricingReplay;
import coop.dispatch.rider.assembly.service.ReplaySamples;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deliveries the pricing preview keeps in memory between previews, against the real table: topped up with what
 * arrives, read again when the table holds what was not seen (a late commit, a deletion), and the current version's
 * kept prices always those of a fresh pricing.
 */
@QuarkusTest
class ReplaySamplesTest {
    @Inject
    ReplaySamples samples;
    @Inject
    DataSource db;

    @Test
    void keptDeliveriesFollowTheTable() throws SQLException {
        CompiledPricingPolicy current = PricingPolicies.defaultPolicy();
        Instant now = Instant.now();
        // Its own period (the 40 days from a year ago), so that other tests' deliveries do not count.
        Instant from = now.minus(Duration.ofDays(365));
        Instant to = from.plus(Duration.ofDays(40));
        insert(30, from.plus(Duration.ofDays(1)), now);
        insert(3, to.plus(Duration.ofDays(1)), now); // requested after the period: not in it

        ReplaySamples.Window first = samples.pricing(from, to, 100_000, current);
        assertMatchesTable(first, from, to, current);
        assertEquals(30, first.deliveries().size());

        insert(10, from.plus(Duration.ofDays(2)), now.plusSeconds(1));
        ReplaySamples.Window topped = samples.pricing(from, to, 100_000, current);
        assertMatchesTable(topped, from, to, current);
        assertEquals(40, topped.deliveries().size());
        assertEquals(30, topped.reused(), "the prices of the deliveries read before are kept");

        // Received before the latest kept one, but committed only now: the kept copy cannot know it.
        insert(5, from.plus(Duration.ofDays(3)), now.minusSeconds(3600));
        ReplaySamples.Window reread = samples.pricing(from, to, 100_000, current);
        assertMatchesTable(reread, from, to, current);
        assertEquals(45, reread.deliveries().size());
        assertEquals(0, reread.reused(), "read and priced again");

        execute("DELETE FROM assembly_delivery_sample WHERE delivery_id IN (SELECT delivery_id "
                + "FROM assembly_delivery_sample WHERE requested_at >= ? AND requested_at < ? LIMIT 7)", from, to);
        ReplaySamples.Window afterDelete = samples.pricing(from, to, 100_000, current);
        assertMatchesTable(afterDelete, from, to, current);
        assertEquals(38, afterDelete.deliveries().size());

        ObjectNode dearer = PolicyDocuments.defaultDocument("pricing").put("perKmCents", 240).put("version", "7");
        ReplaySamples.Window otherVersion = samples.pricing(from, to, 100_000, PricingPolicies.compile(dearer));
        assertEquals(0, otherVersion.reused(), "prices are kept for one version only");
        assertMatchesTable(otherVersion, from, to, PricingPolicies.compile(dearer));

        ReplaySamples.Window later = samples.pricing(from.plus(Duration.ofDays(2)), to, 100_000, current);
        assertMatchesTable(later, from.plus(Duration.ofDays(2)), to, current);
        execute("DELETE FROM assembly_delivery_sample WHERE requested_at >= ? AND requested_at < ?", from,
                to.plus(Duration.ofDays(2)));
    }

    /** The window holds exactly the table's deliveries of the period, priced as a fresh pricing prices them. */
    private void assertMatchesTable(ReplaySamples.Window w, Instant from, Instant to, CompiledPricingPolicy policy)
            throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT count(*), coalesce(sum(price_cents), 0), coalesce(sum(weight_grams), 0)
                FROM assembly_delivery_sample WHERE requested_at >= ? AND requested_at < ?""")) {
            s.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            s.setObject(2, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                assertEquals(r.getLong(1), w.deliveries().size());
                assertEquals(r.getLong(2), Arrays.stream(w.deliveries().priceCents()).sum());
                assertEquals(r.getLong(3), Arrays.stream(w.deliveries().weightGrams()).asLongStream().sum());
            }
        }
        PricingReplay.Priced fresh = PricingReplay.price(w.deliveries(), policy);
        assertEquals(policy.version(), w.current().version());
        assertArrayEquals(fresh.priceCents(), w.current().priceCents());
        assertArrayEquals(fresh.riderPayCents(), w.current().riderPayCents());
        assertTrue(Arrays.stream(w.current().priceCents()).allMatch(p -> p >= 500), "all priced, none below minimum");
    }

    private void insert(int count, Instant requestedAt, Instant receivedAt) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO assembly_delivery_sample (delivery_id, requested_at, pickup_lat, pickup_lon, dropoff_lat,
                    dropoff_lon, straight_line_m, weight_grams, price_cents, rider_pay_cents, pricing_version,
                    received_at)
                VALUES (?, ?, 49.40, 8.69, 49.41, 8.70, ?, ?, ?, ?, '1', ?)""")) {
            for (int i = 0; i < count; i++) {
                s.setObject(1, UUID.randomUUID());
                s.setObject(2, OffsetDateTime.ofInstant(requestedAt.plusSeconds(i * 977L), ZoneOffset.UTC));
                s.setDouble(3, 400 + i * 310.5);
                s.setInt(4, 300 + i * 450);
                s.setLong(5, 600 + i);
                s.setLong(6, 480 + i);
                s.setObject(7, OffsetDateTime.ofInstant(receivedAt, ZoneOffset.UTC));
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private void execute(String sql, Instant from, Instant to) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            s.setObject(2, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            s.executeUpdate();
        }
    }
}
