package coop.dispatch.commons.outbox;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
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
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    /** Marks the oldest pending rows sent and returns them, in one statement; the caller commits after sending. */
    private static final String CLAIM = "UPDATE outbox_event SET published_at = ? WHERE id IN (SELECT id FROM "
            + "outbox_event WHERE published_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED) "
            + "RETURNING id, topic, event_key, envelope";

    private final KafkaClientService kafkaClients;
    private volatile Producer<String, String> producer;
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

    /**
     * The emitter is not sent through: injecting it declares the outbox channel, whose producer
     * {@link #producer()} takes.
     */
    public OutboxRelay(@Channel(CHANNEL) MutinyEmitter<String> channel, KafkaClientService kafkaClients,
                       DataSource dataSource,
                       @ConfigProperty(name = "coop.outbox.relay-enabled", defaultValue = "true") boolean enabled,
                       @ConfigProperty(name = "coop.kafka.topic-prefix") Optional<String> topicPrefix) {
        this.kafkaClients = kafkaClients;
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
     * mark the oldest pending rows sent (locking them; SKIP LOCKED, so another instance takes the next ones), hand
     * them all to the producer, and commit the mark only once the broker acknowledged every one.
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
        List<Pending> pending = new ArrayList<>(BATCH);
        try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
            claim.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
            claim.setInt(2, BATCH);
            try (ResultSet rows = claim.executeQuery()) {
                while (rows.next()) {
                    pending.add(new Pending(rows.getLong(1), rows.getString(2), rows.getString(3),
                            rows.getString(4)));
                }
            }
        }
        if (pending.isEmpty()) {
            return 0;
        }
        // RETURNING has no order: sort, so that the producer gets each key's events oldest first (and keeps each
        // partition's order). The rows stay locked, and their mark uncommitted, until the broker acknowledged
        // every one; one failure rolls the whole batch back, to be sent again.
        pending.sort(Comparator.comparingLong(Pending::id));
        Producer<String, String> producer = producer();
        List<Future<RecordMetadata>> sends = new ArrayList<>(pending.size());
        for (Pending row : pending) {
            sends.add(producer.send(new ProducerRecord<>(topicPrefix + row.topic(), row.key(), row.envelope())));
        }
        awaitAll(sends);
        return pending.size();
    }

    private record Pending(long id, String topic, String key, String envelope) {
    }

    /**
     * The outbox channel's own Kafka producer (its settings: idempotent, acks=all), used directly: one record per
     * event with no reactive plumbing around each, on the relay's thread, which may block.
     */
    private Producer<String, String> producer() {
        Producer<String, String> p = producer;
        if (p == null) {
            p = kafkaClients.<String, String>getProducer(CHANNEL).unwrap();
            producer = p;
        }
        return p;
    }

    private static void awaitAll(List<Future<RecordMetadata>> sends) {
        long deadline = System.nanoTime() + SEND_TIMEOUT.toNanos();
        try {
            for (Future<RecordMetadata> send : sends) {
                send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused an event: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the batch within " + SEND_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending events");
        }
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
