package coop.dispatch.rider.service;

import coop.dispatch.commons.outbox.OutboxRelay;
import coop.dispatch.rider.config.LocationConfig;
import coop.dispatch.rider.rest.LocationReport;
import coop.dispatch.rider.rest.TrailPoint;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.jboss.logging.Logger;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The positions riders send while online, kept for {@link LocationConfig#retention()} counted from when they reached
 * us (phone clocks are not trusted for that), then deleted by a scheduled purge. A phone sends its points in batches:
 * one batch is stored by one INSERT, whatever its size.
 */
@ApplicationScoped
public class LocationTrail {
    private static final Logger LOG = Logger.getLogger(LocationTrail.class);

    private final EntityManager entityManager;
    private final LocationConfig config;
    private final Clock clock = Clock.systemUTC();

    public LocationTrail(EntityManager entityManager, LocationConfig config) {
        this.entityManager = entityManager;
        this.config = config;
    }

    /** Stores the points of one report in the caller's transaction; {@code at} times already clamped to now. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void store(UUID riderId, UUID shiftId, List<LocationReport.Fix> points, List<Instant> at, Instant now) {
        Double[] lats = points.stream().map(LocationReport.Fix::lat).toArray(Double[]::new);
        Double[] lons = points.stream().map(LocationReport.Fix::lon).toArray(Double[]::new);
        Timestamp[] times = at.stream().map(Timestamp::from).toArray(Timestamp[]::new);
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO location_point (rider_id, shift_id, location, recorded_at, received_at)
                    SELECT ?, ?, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326), p.at, ?
                    FROM unnest(?, ?, ?) AS p(lat, lon, at)""")) {
                Array latArray = connection.createArrayOf("float8", lats);
                Array lonArray = connection.createArrayOf("float8", lons);
                Array atArray = connection.createArrayOf("timestamptz", times);
                insert.setObject(1, riderId);
                insert.setObject(2, shiftId);
                insert.setTimestamp(3, Timestamp.from(now));
                insert.setArray(4, latArray);
                insert.setArray(5, lonArray);
                insert.setArray(6, atArray);
                insert.executeUpdate();
            }
        });
    }

    /** The rider's points still kept, newest first: a rider can see what is stored about them. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<TrailPoint> trail(UUID riderId, int limit) {
        List<TrailPoint> points = new ArrayList<>();
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement q = connection.prepareStatement("""
                    SELECT shift_id, ST_Y(location), ST_X(location), recorded_at, received_at FROM location_point
                    WHERE rider_id = ? ORDER BY recorded_at DESC, id DESC LIMIT ?""")) {
                q.setObject(1, riderId);
                q.setInt(2, limit);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        points.add(new TrailPoint(rs.getObject(1, UUID.class), rs.getDouble(2), rs.getDouble(3),
                                rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant()));
                    }
                }
            }
        });
        return points;
    }

    @Scheduled(every = "${coop.locations.purge-interval:10m}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = OutboxRelay.NotRunning.class)
    void scheduledPurge() {
        purgeExpired();
    }

    /** Deletes the points received before the retention limit; returns how many. */
    @Transactional
    public int purgeExpired() {
        Instant cutoff = clock.instant().minus(config.retention());
        int deleted = entityManager.createNativeQuery("DELETE FROM location_point WHERE received_at < ?1")
                .setParameter(1, cutoff)
                .executeUpdate();
        if (deleted > 0) {
            LOG.debugf("Purged %d rider positions received before %s", deleted, cutoff);
        }
        return deleted;
    }
}
