package coop.dispatch.rider.service;

import coop.dispatch.commons.outbox.Outbox;
import coop.dispatch.commons.outbox.OutboxRelay;
import coop.dispatch.rider.config.LocationConfig;
import coop.dispatch.rider.rest.LocationReport;
import coop.dispatch.rider.rest.TrailPoint;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.jboss.logging.Logger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The positions riders send while online, kept for {@link LocationConfig#retention()} counted from when they reached
 * us (phone clocks are not trusted for that), then deleted by a scheduled purge. A phone sends its points in batches:
 * one batch is stored by one statement, whatever its size, together with the shift's last location.
 */
@ApplicationScoped
public class LocationTrail {
    private static final Logger LOG = Logger.getLogger(LocationTrail.class);

    private final EntityManager entityManager;
    private final LocationConfig config;
    private final Event<Outbox.OutboxWritten> outboxWritten;
    private final Clock clock = Clock.systemUTC();

    public LocationTrail(EntityManager entityManager, LocationConfig config,
                         Event<Outbox.OutboxWritten> outboxWritten) {
        this.entityManager = entityManager;
        this.config = config;
        this.outboxWritten = outboxWritten;
    }

    /**
     * Stores the points of one report on the rider's open shift, makes {@code latest} the shift's last location and
     * writes {@code announcement} to the outbox, in the caller's transaction and in one statement
     * (the shift row stays locked until commit, so a report never races going offline). {@code at} times are already
     * clamped to now. Returns the shift, empty if the rider is offline (then nothing is written).
     * The outbox row ({@link Outbox#row}) is the one {@link Outbox#publish} would write; written here it costs no round trip of its own,
     * which matters at hundreds of reports a second.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<UUID> storeOnOpenShift(UUID riderId, List<LocationReport.Fix> points, List<Instant> at,
                                           LocationReport.Fix latest, Instant latestAt, Instant now,
                                           Outbox.Row announcement) {
        Double[] lats = points.stream().map(LocationReport.Fix::lat).toArray(Double[]::new);
        Double[] lons = points.stream().map(LocationReport.Fix::lon).toArray(Double[]::new);
        Timestamp[] times = at.stream().map(Timestamp::from).toArray(Timestamp[]::new);
        Optional<UUID> shift = entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    WITH open_shift AS (
                        UPDATE shift SET last_location = ST_SetSRID(ST_MakePoint(?, ?), 4326), last_location_at = ?
                        WHERE rider_id = ? AND ended_at IS NULL
                        RETURNING id),
                    stored AS (
                        INSERT INTO location_point (rider_id, shift_id, location, recorded_at, received_at)
                        SELECT ?, open_shift.id, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326), p.at, ?
                        FROM open_shift, unnest(?::float8[], ?::float8[], ?::timestamptz[]) AS p(lat, lon, at)),
                    announced AS (
                        INSERT INTO outbox_event (%s)
                        SELECT ?, ?, ?, ?, ?, ? FROM open_shift)
                    SELECT id FROM open_shift""".formatted(Outbox.COLUMNS))) {
                Timestamp received = Timestamp.from(now);
                insert.setDouble(1, latest.lon());
                insert.setDouble(2, latest.lat());
                insert.setTimestamp(3, Timestamp.from(latestAt));
                insert.setObject(4, riderId);
                insert.setObject(5, riderId);
                insert.setTimestamp(6, received);
                insert.setArray(7, connection.createArrayOf("float8", lats));
                insert.setArray(8, connection.createArrayOf("float8", lons));
                insert.setArray(9, connection.createArrayOf("timestamptz", times));
                announcement.bind(insert, 10);
                try (ResultSet rs = insert.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.<UUID>empty();
                }
            }
        });
        shift.ifPresent(id -> outboxWritten.fire(new Outbox.OutboxWritten(announcement.eventId())));
        return shift;
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
