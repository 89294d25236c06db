package coop.dispatch.merchant.service;

import coop.dispatch.merchant.Webhook;
import coop.dispatch.merchant.WebhookAttempt;
import coop.dispatch.merchant.WebhookMessage;
import coop.dispatch.merchant.config.MerchantConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.LockModeType;
import org.hibernate.LockOptions;
import org.jboss.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends due webhook notifications. Each is claimed in a short transaction (its next attempt pushed past the send
 * timeout, so a crash mid-send only delays a retry), then POSTed asynchronously with a timeout; the answer is
 * recorded as an attempt. Failures are retried with exponential backoff up to a bounded number of attempts. Nothing
 * here runs on a request thread or holds a database connection while waiting for a merchant's endpoint, and the
 * number of notifications in flight is bounded, so a slow or dead endpoint never blocks anything else.
 *
 * <p>Before every attempt the endpoint's host is resolved and checked by {@link WebhookTargets}, and the connection
 * goes to that checked address (TLS still verifies the certificate against the host name): a name that resolves to
 * an internal address by now, whatever it resolved to at registration, is refused and recorded as a failed attempt.
 * Redirects are not followed.
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
    /** CoopCycle's header: base64 of the HMAC-SHA256 of the exact body, keyed with the secret string. */
    public static final String COOPCYCLE_SIGNATURE = "X-CoopCycle-Signature";
    private static final Logger LOG = Logger.getLogger(WebhookSender.class);
    private static final int MAX_ERROR_LENGTH = 500;

    private final MerchantConfig.Webhooks config;
    private final WebhookTargets targets;
    private final Vertx vertx;
    private final Semaphore inFlight;
    private final HttpClient http;
    /** Name resolution (blocking) and recording answers (a transaction): never on a Vert.x event loop. */
    private final ExecutorService workers = Executors.newFixedThreadPool(4, daemon("webhook-worker"));
    private final ExecutorService wakeUps = Executors.newSingleThreadExecutor(daemon("webhook-wakeup"));
    private final AtomicBoolean wakeUpRequested = new AtomicBoolean();
    private final Clock clock = Clock.systemUTC();
    private volatile boolean stopped;

    public WebhookSender(MerchantConfig.Webhooks config, WebhookTargets targets, Vertx vertx) {
        this.config = config;
        this.targets = targets;
        this.vertx = vertx;
        this.inFlight = new Semaphore(config.maxInFlight());
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setName("webhooks")
                .setConnectTimeout((int) config.timeout().toMillis())
                .setMaxPoolSize(config.maxInFlight())
                .setVerifyHost(true)
                .setForceSni(true));
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
        workers.shutdown();
        http.close();
    }

    private record Claimed(java.util.UUID messageId, int attempt, String url, String secret, String event,
                           String payload, Webhook.Flavour flavour) {
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
            claimed.add(new Claimed(m.id, m.attempts, w.url, w.secret, m.event, m.payload, w.flavour));
        }
        return claimed;
    }

    private void send(Claimed c) {
        Instant started = clock.instant();
        CompletableFuture.supplyAsync(() -> checkedAddress(c.url()), workers)
                .thenCompose(address -> post(c, address, started))
                .whenCompleteAsync((status, failure) -> {
                    try {
                        record(c, started, status, failure == null ? null : unwrap(failure));
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "Could not record webhook attempt %d of message %s; it will be retried after "
                                + "its lease", c.attempt(), c.messageId());
                    } finally {
                        inFlight.release();
                    }
                }, workers);
    }

    private InetAddress checkedAddress(String url) {
        try {
            return targets.resolve(URI.create(url));
        } catch (UnknownHostException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** POSTs the notification to the checked address; completes with the HTTP status once the answer is read. */
    private CompletableFuture<Integer> post(Claimed c, InetAddress address, Instant started) {
        URI uri = URI.create(c.url());
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : https ? 443 : 80;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        String timestamp = Long.toString(started.getEpochSecond());
        long timeoutMillis = config.timeout().toMillis();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(WebhookTargets.host(uri))
                .setPort(port)
                .setSsl(https)
                .setURI(path)
                // The address WebhookTargets checked: the host name is not resolved again on the way.
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(address, port)))
                .setConnectTimeout(timeoutMillis)
                .setFollowRedirects(false)
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "CoopDispatch-Webhooks/1")
                .putHeader(EVENT, c.event())
                .putHeader(MESSAGE_ID, c.messageId().toString());
        if (c.flavour() == Webhook.Flavour.COOPCYCLE) {
            options.putHeader(COOPCYCLE_SIGNATURE, signCoopCycle(c.secret(), c.payload()));
        } else {
            options.putHeader(TIMESTAMP, timestamp)
                    .putHeader(SIGNATURE, "sha256=" + sign(c.secret(), timestamp, c.payload()));
        }
        Buffer body = Buffer.buffer(c.payload().getBytes(StandardCharsets.UTF_8));
        return http.request(options).compose(request -> {
            long deadline = vertx.setTimer(timeoutMillis, id -> request.reset(0,
                    new TimeoutException("no answer within " + config.timeout())));
            return request.send(body)
                    .compose(response -> response.handler(ignored -> {
                    }).end().map(ended -> response.statusCode()))
                    .andThen(done -> vertx.cancelTimer(deadline));
        }).toCompletionStage().toCompletableFuture();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof UncheckedIOException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
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
            if (failure instanceof WebhookTargets.Refused) {
                a.error = truncate("Refused: " + failure.getMessage());
            } else if (failure != null) {
                a.error = truncate(failure.getClass().getSimpleName() + (failure.getMessage() == null ? ""
                        : ": " + failure.getMessage()));
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

    private static String truncate(String error) {
        return error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
    }

    /** Wait after the n-th failed attempt: firstRetry × 2^(n-1), at most maxBackoff. */
    Duration backoff(int failedAttempts) {
        Duration wait = config.firstRetry().multipliedBy(1L << Math.min(20, failedAttempts - 1));
        return wait.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : wait;
    }

    /** Hex HMAC-SHA256 of {@code timestamp + "." + body}: what receivers recompute to check a notification. */
    public static String sign(String secret, String timestamp, String body) {
        return HexFormat.of().formatHex(hmac(secret, (timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    /** CoopCycle's signature: base64 of the HMAC-SHA256 of the body's bytes (what its SDK's verifySignature checks). */
    public static String signCoopCycle(String secret, String body) {
        return Base64.getEncoder().encodeToString(hmac(secret, body.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] hmac(String secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data);
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
