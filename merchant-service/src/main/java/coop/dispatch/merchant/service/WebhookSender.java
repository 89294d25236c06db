package coop.dispatch.merchant.service;

import coop.dispatch.merchant.Webhook;
import coop.dispatch.merchant.WebhookAttempt;
import coop.dispatch.merchant.WebhookMessage;
import coop.dispatch.merchant.config.MerchantConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.LockModeType;
import org.hibernate.LockOptions;
import org.jboss.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends due webhook notifications. Each is claimed in a short transaction (its next attempt pushed past the send
 * timeout, so a crash mid-send only delays a retry), then POSTed asynchronously with a timeout; the answer is
 * recorded as an attempt. Failures are retried with exponential backoff up to a bounded number of attempts. Nothing
 * here runs on a request thread or holds a database connection while waiting for a merchant's endpoint, and the
 * number of notifications in flight is bounded, so a slow or dead endpoint never blocks anything else.
 *
 * <p>Headers: {@code X-Coop-Event}, {@code X-Coop-Message-Id} (stable over retries: receivers drop duplicates by
 * it), {@code X-Coop-Timestamp} (Unix seconds of this attempt) and {@code X-Coop-Signature: sha256=<hex>}, the
 * HMAC-SHA256 with the webhook's secret of {@code <timestamp>.<body>}.
 */
@ApplicationScoped
public class WebhookSender {
    public static final String SIGNATURE = "X-Coop-Signature";
    public static final String TIMESTAMP = "X-Coop-Timestamp";
    public static final String EVENT = "X-Coop-Event";
    public static final String MESSAGE_ID = "X-Coop-Message-Id";
    private static final Logger LOG = Logger.getLogger(WebhookSender.class);
    private static final int MAX_ERROR_LENGTH = 500;

    private final MerchantConfig.Webhooks config;
    private final Semaphore inFlight;
    private final HttpClient http;
    private final ExecutorService wakeUps = Executors.newSingleThreadExecutor(daemon("webhook-wakeup"));
    private final AtomicBoolean wakeUpRequested = new AtomicBoolean();
    private final Clock clock = Clock.systemUTC();
    private volatile boolean stopped;

    public WebhookSender(MerchantConfig.Webhooks config) {
        this.config = config;
        this.inFlight = new Semaphore(config.maxInFlight());
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newFixedThreadPool(2, daemon("webhook-http")))
                .build();
    }

    /** Fired in the transaction that queued notifications; after commit it wakes the sender at once. */
    public record MessagesQueued(int count) {
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) MessagesQueued queued) {
        if (!stopped && wakeUpRequested.compareAndSet(false, true)) {
            wakeUps.execute(() -> {
                wakeUpRequested.set(false);
                sendDue();
            });
        }
    }

    @Scheduled(every = "${coop.webhooks.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (!stopped) {
            sendDue();
        }
    }

    void shutdown(@Observes ShutdownEvent event) {
        stopped = true;
        wakeUps.shutdownNow();
    }

    private record Claimed(java.util.UUID messageId, int attempt, String url, String secret, String event,
                           String payload) {
    }

    /** Claims and starts sending every due notification there is room for; returns how many were started. */
    public synchronized int sendDue() {
        int started = 0;
        try {
            while (!stopped) {
                int room = Math.min(inFlight.availablePermits(), 50);
                if (room == 0) {
                    break;
                }
                List<Claimed> batch = QuarkusTransaction.requiringNew().call(() -> claim(room));
                for (Claimed c : batch) {
                    inFlight.acquireUninterruptibly();
                    send(c);
                }
                started += batch.size();
                if (batch.size() < room) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("Webhook sending paused, will retry: %s", e.getMessage());
        }
        return started;
    }

    private List<Claimed> claim(int limit) {
        Instant now = clock.instant();
        List<WebhookMessage> due = WebhookMessage.<WebhookMessage>find(
                        "state = ?1 and nextAttemptAt <= ?2 order by nextAttemptAt", WebhookMessage.State.PENDING, now)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .withHint("jakarta.persistence.lock.timeout", LockOptions.SKIP_LOCKED)
                .page(0, limit)
                .list();
        List<Claimed> claimed = new ArrayList<>();
        for (WebhookMessage m : due) {
            Webhook w = Webhook.findById(m.webhookId);
            if (w == null || w.deletedAt != null) {
                m.state = WebhookMessage.State.ABANDONED;
                m.nextAttemptAt = null;
                m.completedAt = now;
                continue;
            }
            m.attempts++;
            // The lease: if this instance dies before recording the answer, the message is due again after it.
            m.nextAttemptAt = now.plus(config.timeout()).plus(config.timeout()).plusSeconds(30);
            claimed.add(new Claimed(m.id, m.attempts, w.url, w.secret, m.event, m.payload));
        }
        return claimed;
    }

    private void send(Claimed c) {
        Instant started = clock.instant();
        CompletableFuture<HttpResponse<Void>> answer;
        try {
            String timestamp = Long.toString(started.getEpochSecond());
            HttpRequest request = HttpRequest.newBuilder(URI.create(c.url()))
                    .timeout(config.timeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "CoopDispatch-Webhooks/1")
                    .header(EVENT, c.event())
                    .header(MESSAGE_ID, c.messageId().toString())
                    .header(TIMESTAMP, timestamp)
                    .header(SIGNATURE, "sha256=" + sign(c.secret(), timestamp, c.payload()))
                    .POST(HttpRequest.BodyPublishers.ofString(c.payload(), StandardCharsets.UTF_8))
                    .build();
            answer = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((response, failure) -> {
            try {
                record(c, started, response == null ? null : response.statusCode(), failure);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Could not record webhook attempt %d of message %s; it will be retried after its lease",
                        c.attempt(), c.messageId());
            } finally {
                inFlight.release();
            }
        });
    }

    private void record(Claimed c, Instant started, Integer status, Throwable failure) {
        Instant now = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> {
            WebhookAttempt a = new WebhookAttempt();
            a.messageId = c.messageId();
            a.attempt = c.attempt();
            a.startedAt = started;
            a.durationMs = (int) Math.min(Integer.MAX_VALUE, Duration.between(started, now).toMillis());
            a.statusCode = status;
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                String error = cause.getClass().getSimpleName() + (cause.getMessage() == null ? ""
                        : ": " + cause.getMessage());
                a.error = error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
            } else if (status < 200 || status >= 300) {
                a.error = "HTTP " + status;
            }
            a.persist();
            WebhookMessage m = WebhookMessage.findById(c.messageId());
            if (m == null || m.state != WebhookMessage.State.PENDING) {
                return;
            }
            if (a.error == null) {
                m.state = WebhookMessage.State.SUCCEEDED;
                m.nextAttemptAt = null;
                m.completedAt = now;
            } else if (c.attempt() >= config.maxAttempts()) {
                m.state = WebhookMessage.State.FAILED;
                m.nextAttemptAt = null;
                m.completedAt = now;
                LOG.warnf("Webhook message %s failed after %d attempts: %s", m.id, c.attempt(), a.error);
            } else {
                m.nextAttemptAt = now.plus(backoff(c.attempt()));
            }
        });
    }

    /** Wait after the n-th failed attempt: firstRetry × 2^(n-1), at most maxBackoff. */
    Duration backoff(int failedAttempts) {
        Duration wait = config.firstRetry().multipliedBy(1L << Math.min(20, failedAttempts - 1));
        return wait.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : wait;
    }

    /** Hex HMAC-SHA256 of {@code timestamp + "." + body}: what receivers recompute to check a notification. */
    public static String sign(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
