package coop.dispatch.commons.outbox;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends committed outbox rows to Kafka, oldest first, and marks each sent once the broker acknowledged it.
 * A crash between send and mark re-sends the row on the next run: delivery is at least once, and every consumer
 * drops duplicates by event id. Rows are locked with SKIP LOCKED so two instances never send the same batch.
 */
@ApplicationScoped
public class OutboxRelay {
    public static final String CHANNEL = "outbox";
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 100;
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    private static final String PENDING = "SELECT id, topic, event_key, envelope FROM outbox_event "
            + "WHERE published_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED";
    private static final String MARK_SENT = "UPDATE outbox_event SET published_at = ? WHERE id = ANY (?)";

    private final MutinyEmitter<String> emitter;
    private final DataSource dataSource;
    private final boolean enabled;
    private final String topicPrefix;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean stopped;
    private final AtomicBoolean wakeUpRequested = new AtomicBoolean();
    private final ExecutorService wakeUps = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "outbox-relay");
        thread.setDaemon(true);
        return thread;
    });

    public OutboxRelay(@Channel(CHANNEL) MutinyEmitter<String> emitter, DataSource dataSource,
                       @ConfigProperty(name = "coop.outbox.relay-enabled", defaultValue = "true") boolean enabled,
                       @ConfigProperty(name = "coop.kafka.topic-prefix") Optional<String> topicPrefix) {
        this.emitter = emitter;
        this.dataSource = dataSource;
        this.enabled = enabled;
        this.topicPrefix = topicPrefix.orElse("");
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.OutboxWritten written) {
        wakeUp();
    }

    /** Sends what is pending now, on the relay's own thread; for rows committed outside a JTA transaction. */
    public void wakeUp() {
        if (enabled && !stopped && wakeUpRequested.compareAndSet(false, true)) {
            wakeUps.execute(() -> {
                wakeUpRequested.set(false);
                relayPending();
            });
        }
    }

    @Scheduled(every = "${coop.outbox.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = NotRunning.class)
    void poll() {
        if (enabled && !stopped) {
            relayPending();
        }
    }

    void shutdown(@Observes ShutdownEvent event) {
        stopped = true;
        wakeUps.shutdownNow();
    }

    /** Sends every pending row; returns how many were sent. Safe to call from several threads. */
    public int relayPending() {
        if (!running.compareAndSet(false, true)) {
            wakeUpRequested.set(true);
            return 0;
        }
        int sent = 0;
        try {
            int batch;
            do {
                batch = relayBatch();
                sent += batch;
            } while (batch == BATCH);
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Outbox relay paused, will retry: %s", e.getMessage());
        } finally {
            running.set(false);
        }
        return sent;
    }

    /**
     * One batch in one short transaction of its own, in plain JDBC (this runs for every event the service emits):
     * lock the oldest pending rows (SKIP LOCKED, so another instance takes the next ones), hand them all to the
     * producer, and mark them sent once the broker acknowledged every one.
     */
    private int relayBatch() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                int sent = relayBatch(connection);
                connection.commit();
                return sent;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private int relayBatch(Connection connection) throws SQLException {
        List<Long> ids = new ArrayList<>(BATCH);
        List<Uni<Void>> sends = new ArrayList<>(BATCH);
        try (PreparedStatement select = connection.prepareStatement(PENDING)) {
            select.setInt(1, BATCH);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                    OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                            .withTopic(topicPrefix + rows.getString(2))
                            .withKey(rows.getString(3))
                            .build();
                    sends.add(emitter.sendMessage(Message.of(rows.getString(4), Metadata.of(kafka))));
                }
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        // The producer keeps each partition's order; one failure leaves the whole batch unmarked, to be sent again.
        Uni.join().all(sends).andFailFast().await().atMost(SEND_TIMEOUT);
        try (PreparedStatement mark = connection.prepareStatement(MARK_SENT)) {
            mark.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
            mark.setArray(2, connection.createArrayOf("bigint", ids.toArray()));
            mark.executeUpdate();
        }
        return ids.size();
    }

    /**
     * Skips polls until start-up is complete: the scheduler may fire before the Kafka channel is wired, and the first
     * poll would then fail to create this bean. Application-priority observers run after messaging has started.
     */
    @Singleton
    public static class NotRunning implements Scheduled.SkipPredicate {
        private volatile boolean running;

        void started(@Observes StartupEvent event) {
            running = true;
        }

        void stopping(@Observes ShutdownEvent event) {
            running = false;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !running;
        }
    }
}
