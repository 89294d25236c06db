package coop.dispatch.commons.outbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
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
import jakarta.persistence.LockModeType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.hibernate.LockOptions;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
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

    private final MutinyEmitter<String> emitter;
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

    public OutboxRelay(@Channel(CHANNEL) MutinyEmitter<String> emitter,
                       @ConfigProperty(name = "coop.outbox.relay-enabled", defaultValue = "true") boolean enabled,
                       @ConfigProperty(name = "coop.kafka.topic-prefix") Optional<String> topicPrefix) {
        this.emitter = emitter;
        this.enabled = enabled;
        this.topicPrefix = topicPrefix.orElse("");
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.OutboxWritten written) {
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
                batch = QuarkusTransaction.requiringNew().call(this::relayBatch);
                sent += batch;
            } while (batch == BATCH);
        } catch (RuntimeException e) {
            LOG.warnf("Outbox relay paused, will retry: %s", e.getMessage());
        } finally {
            running.set(false);
        }
        return sent;
    }

    private int relayBatch() {
        List<OutboxEvent> pending = OutboxEvent.<OutboxEvent>find("publishedAt is null order by id")
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint("jakarta.persistence.lock.timeout", LockOptions.SKIP_LOCKED)
                .page(0, BATCH)
                .list();
        if (pending.isEmpty()) {
            return 0;
        }
        // The whole batch is handed to the producer at once (it keeps each partition's order) and marked sent only
        // when the broker acknowledged every record; one failure leaves the batch unmarked, to be sent again.
        List<Uni<Void>> sends = new ArrayList<>(pending.size());
        for (OutboxEvent row : pending) {
            OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                    .withTopic(topicPrefix + row.topic)
                    .withKey(row.eventKey)
                    .build();
            sends.add(emitter.sendMessage(Message.of(row.envelope, Metadata.of(kafka))));
        }
        Uni.join().all(sends).andFailFast().await().atMost(SEND_TIMEOUT);
        Instant sent = Instant.now();
        pending.forEach(row -> row.publishedAt = sent);
        return pending.size();
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
