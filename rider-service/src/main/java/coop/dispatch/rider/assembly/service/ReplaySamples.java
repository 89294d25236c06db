package coop.dispatch.rider.assembly.service;

import coop.dispatch.policies.CompiledPricingPolicy;
import coop.dispatch.rider.assembly.config.AssemblyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.postgresql.PGStatement;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * The stored deliveries the pricing preview replays, read from PostgreSQL with plain JDBC into columns of primitives,
 * and the prices of the current pricing version for each of them.
 *
 * <p>Both are stable inputs of every preview: a stored delivery never changes, and neither does an adopted version.
 * So (with {@code coop.assembly.impact-keep-samples}, the default) they are kept in memory and topped up with the
 * deliveries received since the last preview; only the proposed policy is priced on each call. Whether the kept
 * copy still matches the table is checked on every call (count and latest arrival in the period); if it does not
 * (a delivery committed late, a purge, a restore), everything is read again. Without the setting, every call reads
 * every delivery and prices it with both policies.
 */
@ApplicationScoped
public class ReplaySamples {
    private static final Logger LOG = Logger.getLogger(ReplaySamples.class);
    private static final int FETCH_SIZE = 5000;
    private static final String COLUMNS = """
            SELECT requested_at, weight_grams, straight_line_m, coalesce(price_cents, -1), coalesce(rider_pay_cents, -1)
            FROM assembly_delivery_sample""";

    private final DataSource db;
    private final boolean keep;
    /** What was read, and since when; guarded by this. */
    private Kept kept;
    /** The current version's prices of {@code kept}'s deliveries (a prefix of them if more arrived since). */
    private PricingReplay.Priced keptPrices;

    public ReplaySamples(DataSource db, AssemblyConfig config) {
        this.db = db;
        this.keep = config.impactKeepSamples();
    }

    /**
     * The deliveries requested in [from, to) (at most {@code limit}) with their prices under {@code current};
     * {@code reused}: how many of those prices were kept from an earlier preview.
     */
    public record Window(PricingReplay.Deliveries deliveries, PricingReplay.Priced current, int reused,
                         long readMillis, long pricedMillis) {
    }

    private record Kept(Instant from, PricingReplay.Deliveries deliveries, long latestReceivedMicros) {
    }

    /** What the table holds for a period: how many deliveries, and when the latest of them arrived. */
    private record Stored(long count, long latestReceivedMicros) {
    }

    public synchronized Window pricing(Instant from, Instant to, int limit, CompiledPricingPolicy current) {
        long started = System.nanoTime();
        Kept read = read(from, limit);
        long readAt = System.nanoTime();
        PricingReplay.Priced earlier = keptPrices != null && keptPrices.version().equals(current.version())
                && read == kept ? keptPrices : null;
        PricingReplay.Priced prices = PricingReplay.price(read.deliveries(), current, earlier);
        if (read == kept) {
            keptPrices = prices;
        }
        long pricedAt = System.nanoTime();
        int keptPriced = earlier == null ? 0 : earlier.priceCents().length;
        int[] inWindow = inWindow(read.deliveries().requestedAtMicros(), PricingReplay.micros(from),
                PricingReplay.micros(to));
        PricingReplay.Deliveries deliveries = read.deliveries();
        int reused = keptPriced;
        if (inWindow != null) {
            if (read == kept && inWindow.length < deliveries.size() / 2) {
                forget(); // most of what is kept has left the period: the next preview reads only what is in it
            }
            deliveries = deliveries.select(inWindow);
            prices = prices.select(inWindow);
            reused = (int) Arrays.stream(inWindow).filter(i -> i < keptPriced).count();
        }
        return new Window(deliveries, prices, reused, (readAt - started) / 1_000_000,
                (pricedAt - readAt) / 1_000_000);
    }

    /** Forgets what was kept (the next preview reads everything again). */
    public synchronized void forget() {
        kept = null;
        keptPrices = null;
    }

    /**
     * The deliveries requested since {@code from}: those kept, topped up with the ones received since, if they
     * then match the table; otherwise (or without keeping) all read again.
     */
    private Kept read(Instant from, int limit) {
        try (Connection c = db.getConnection()) {
            // One snapshot for the check and the reading; without auto-commit the driver also fetches in batches (a
            // cursor) instead of holding every row at once. Inside a caller's transaction, its own.
            boolean own = c.getAutoCommit();
            int isolation = c.getTransactionIsolation();
            if (own) {
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
            try {
                Kept read = keep && kept != null && !from.isBefore(kept.from()) ? toppedUp(c, limit) : null;
                if (read == null) {
                    Stored stored = stored(c, from);
                    read = new Kept(from, load(c, from, -1, limit), stored.latestReceivedMicros());
                    if (keep) {
                        kept = read;
                        keptPrices = null;
                    }
                }
                return read;
            } finally {
                if (own) {
                    c.rollback();
                    c.setTransactionIsolation(isolation);
                    c.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the delivery samples: " + e.getMessage(), e);
        }
    }

    /** The kept deliveries with those received since; null if they do not then match the table. */
    private Kept toppedUp(Connection c, int limit) throws SQLException {
        Stored stored = stored(c, kept.from());
        int size = kept.deliveries().size();
        if (stored.count() == size && stored.latestReceivedMicros() == kept.latestReceivedMicros()) {
            return kept;
        }
        if (stored.count() > limit || stored.count() < size
                || stored.latestReceivedMicros() < kept.latestReceivedMicros()) {
            return null; // deleted or too many: read again
        }
        PricingReplay.Deliveries added = load(c, kept.from(), kept.latestReceivedMicros(), limit);
        if (size + added.size() != stored.count()) {
            // One received earlier than the latest kept committed only after it was read: read everything again.
            LOG.debugf("Kept delivery samples out of date (%d kept, %d added, %d stored): reading all", size,
                    added.size(), stored.count());
            return null;
        }
        kept = new Kept(kept.from(), PricingReplay.Deliveries.concat(kept.deliveries(), added),
                stored.latestReceivedMicros());
        return kept;
    }

    /** How many deliveries requested since {@code from} the table holds, and when the latest of them arrived. */
    private static Stored stored(Connection c, Instant from) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT count(*), max(received_at) FROM assembly_delivery_sample WHERE requested_at >= ?""")) {
            s.setObject(1, utc(from));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                OffsetDateTime latest = r.getObject(2, OffsetDateTime.class);
                return new Stored(r.getLong(1), latest == null ? -1 : PricingReplay.micros(latest.toInstant()));
            }
        }
    }

    /**
     * The deliveries requested since {@code from} (no upper bound: what is requested for later is in the period of a
     * later preview), and received after {@code receivedAfterMicros} if that is not negative; at most {@code limit}.
     */
    private static PricingReplay.Deliveries load(Connection c, Instant from, long receivedAfterMicros, int limit)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(COLUMNS + " WHERE requested_at >= ?"
                + (receivedAfterMicros >= 0 ? " AND received_at > ?" : "") + " LIMIT ?")) {
            int p = 1;
            s.setObject(p++, utc(from));
            if (receivedAfterMicros >= 0) {
                s.setObject(p++, utc(PricingReplay.instant(receivedAfterMicros)));
            }
            s.setInt(p, limit);
            return columns(s);
        }
    }

    /**
     * Reads the rows of a query of {@link #COLUMNS}' shape. The values come in binary (a server-prepared statement):
     * parsing 50,000 timestamps from text cost more than the query itself.
     */
    static PricingReplay.Deliveries columns(PreparedStatement s) throws SQLException {
        if (s.isWrapperFor(PGStatement.class)) {
            s.unwrap(PGStatement.class).setPrepareThreshold(-1);
        }
        s.setFetchSize(FETCH_SIZE);
        Columns columns = new Columns();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                columns.add(PricingReplay.micros(r.getObject(1, OffsetDateTime.class).toInstant()), r.getInt(2),
                        r.getDouble(3), r.getLong(4), r.getLong(5));
            }
        }
        return columns.deliveries();
    }

    /**
     * Reads {@code rows} generated rows of the deliveries' shape through {@link #columns}, so that the JIT has
     * compiled the reading before the first preview (for the warm-up).
     */
    public int readGenerated(int rows) {
        try (Connection c = db.getConnection()) {
            boolean own = c.getAutoCommit();
            if (own) {
                c.setAutoCommit(false);
            }
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT now() - g * interval '1 minute', g % 20000, (g * 0.37)::float8, (g % 2000 - 1)::bigint,
                           (g % 1600 - 1)::bigint
                    FROM generate_series(1, ?) AS g""")) {
                s.setInt(1, rows);
                return columns(s).size();
            } finally {
                if (own) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read generated rows: " + e.getMessage(), e);
        }
    }

    /** Indexes of the deliveries requested in [from, to); null if that is all of them. */
    private static int[] inWindow(long[] requestedAtMicros, long from, long to) {
        int[] indexes = new int[requestedAtMicros.length];
        int n = 0;
        for (int i = 0; i < requestedAtMicros.length; i++) {
            if (requestedAtMicros[i] >= from && requestedAtMicros[i] < to) {
                indexes[n++] = i;
            }
        }
        return n == requestedAtMicros.length ? null : Arrays.copyOf(indexes, n);
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    /** Growing columns while rows are read. */
    private static final class Columns {
        private long[] at = new long[1024];
        private int[] grams = new int[1024];
        private double[] meters = new double[1024];
        private long[] price = new long[1024];
        private long[] pay = new long[1024];
        private int n;

        void add(long atMicros, int weightGrams, double straightLineMeters, long priceCents, long riderPayCents) {
            if (n == at.length) {
                int size = n * 2;
                at = Arrays.copyOf(at, size);
                grams = Arrays.copyOf(grams, size);
                meters = Arrays.copyOf(meters, size);
                price = Arrays.copyOf(price, size);
                pay = Arrays.copyOf(pay, size);
            }
            at[n] = atMicros;
            grams[n] = weightGrams;
            meters[n] = straightLineMeters;
            price[n] = priceCents;
            pay[n] = riderPayCents;
            n++;
        }

        PricingReplay.Deliveries deliveries() {
            return new PricingReplay.Deliveries(Arrays.copyOf(at, n), Arrays.copyOf(grams, n),
                    Arrays.copyOf(meters, n), Arrays.copyOf(price, n), Arrays.copyOf(pay, n));
        }
    }
}
