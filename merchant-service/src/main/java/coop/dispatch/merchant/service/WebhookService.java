package coop.dispatch.merchant.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.commons.problem.Problem;
import coop.dispatch.commons.security.Passwords;
import coop.dispatch.merchant.Delivery;
import coop.dispatch.merchant.DeliveryStatus;
import coop.dispatch.merchant.Webhook;
import coop.dispatch.merchant.WebhookAttempt;
import coop.dispatch.merchant.WebhookMessage;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Merchants' webhooks and the notifications they are owed. A notification is written in the transaction of the status
 * change it reports (like the outbox), and {@link WebhookSender} sends it after commit, retrying with backoff.
 */
@ApplicationScoped
public class WebhookService {
    /** The status changes a webhook can subscribe to, by their names in the API. */
    public static final Map<DeliveryStatus, String> EVENTS = Map.of(
            DeliveryStatus.ASSIGNED, "assigned",
            DeliveryStatus.PICKED_UP, "picked_up",
            DeliveryStatus.DELIVERED, "delivered",
            DeliveryStatus.FAILED, "failed",
            DeliveryStatus.CANCELLED, "cancelled",
            DeliveryStatus.UNASSIGNABLE, "unassignable");
    /**
     * CoopCycle's webhook events for each of our statuses. We have no status between a rider accepting and reaching
     * the pickup, nor between the pick-up and the ride to the customer: {@code delivery.started} (the rider sets off
     * to the pickup) is sent with {@code delivery.assigned}, {@code delivery.in_transit} with {@code delivery.picked}.
     * A delivery no rider could take (UNASSIGNABLE) or that failed at the door is {@code delivery.failed}; a
     * cancellation (asked for by the merchant itself) has no CoopCycle event.
     */
    public static final Map<DeliveryStatus, List<String>> COOPCYCLE_EVENTS = Map.of(
            DeliveryStatus.ASSIGNED, List.of("delivery.assigned", "delivery.started"),
            DeliveryStatus.PICKED_UP, List.of("delivery.picked", "delivery.in_transit"),
            DeliveryStatus.DELIVERED, List.of("delivery.completed"),
            DeliveryStatus.FAILED, List.of("delivery.failed"),
            DeliveryStatus.UNASSIGNABLE, List.of("delivery.failed"));
    public static final List<String> COOPCYCLE_EVENT_NAMES = List.of("delivery.assigned", "delivery.started",
            "delivery.picked", "delivery.in_transit", "delivery.completed", "delivery.failed");
    public static final int MAX_WEBHOOKS_PER_MERCHANT = 10;

    private final ObjectMapper json;
    private final Event<WebhookSender.MessagesQueued> queued;
    private final WebhookTargets targets;
    private final Clock clock = Clock.systemUTC();

    public WebhookService(ObjectMapper json, Event<WebhookSender.MessagesQueued> queued, WebhookTargets targets) {
        this.json = json;
        this.queued = queued;
        this.targets = targets;
    }

    public record Created(Webhook webhook, String secret) {
    }

    /**
     * Registers a webhook; a URL that is not a public http(s) endpoint is refused (422) before anything is stored. The
     * check may resolve the host, so it runs before the transaction, not inside it.
     */
    public Created create(UUID merchantId, String url, List<String> events) {
        return create(merchantId, url, checkEvents(events), Webhook.Flavour.COOPDISPATCH);
    }

    /** CoopCycle's webhook: one event of {@link #COOPCYCLE_EVENT_NAMES}, notified in CoopCycle's shape. */
    public Created createCoopCycle(UUID merchantId, String url, String event) {
        String name = event == null ? "" : event.strip().toLowerCase(Locale.ROOT);
        if (!COOPCYCLE_EVENT_NAMES.contains(name)) {
            throw invalid("event", "unknown event '" + event + "'; events are " + String.join(", ",
                    COOPCYCLE_EVENT_NAMES));
        }
        if (url == null || url.isBlank() || url.length() > 2000) {
            throw invalid("url", "is required (at most 2000 characters)");
        }
        return create(merchantId, url, List.of(name), Webhook.Flavour.COOPCYCLE);
    }

    private Created create(UUID merchantId, String url, List<String> names, Webhook.Flavour flavour) {
        URI uri;
        try {
            uri = targets.check(url);
        } catch (WebhookTargets.Refused e) {
            throw new ApiException(422, "Webhook target refused", "url: " + e.getMessage(),
                    List.of(new Problem.Violation("url", e.getMessage())));
        }
        return QuarkusTransaction.joiningExisting().call(() -> store(merchantId, uri, names, flavour));
    }

    private Created store(UUID merchantId, URI uri, List<String> names, Webhook.Flavour flavour) {
        long existing = Webhook.count("merchantId = ?1 and deletedAt is null", merchantId);
        if (existing >= MAX_WEBHOOKS_PER_MERCHANT) {
            throw ApiException.conflict("A merchant may have at most " + MAX_WEBHOOKS_PER_MERCHANT
                    + " webhooks; delete one first");
        }
        Webhook w = new Webhook();
        w.id = UUID.randomUUID();
        w.merchantId = merchantId;
        w.url = uri.toString();
        w.events = String.join(",", names);
        w.flavour = flavour;
        // CoopCycle's receivers key their HMAC with the secret string as shown; ours carry a recognisable prefix.
        w.secret = (flavour == Webhook.Flavour.COOPCYCLE ? "" : "whsec_") + Passwords.randomSecret(32);
        w.createdAt = clock.instant();
        w.persist();
        return new Created(w, w.secret);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Webhook> list(UUID merchantId) {
        return list(merchantId, Webhook.Flavour.COOPDISPATCH);
    }

    /** A merchant's webhooks of one flavour: each API lists and manages its own. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Webhook> list(UUID merchantId, Webhook.Flavour flavour) {
        return Webhook.list("merchantId = ?1 and flavour = ?2 and deletedAt is null", Sort.by("createdAt"),
                merchantId, flavour);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Webhook get(UUID merchantId, UUID id) {
        return get(merchantId, id, Webhook.Flavour.COOPDISPATCH);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Webhook get(UUID merchantId, UUID id, Webhook.Flavour flavour) {
        Webhook w = Webhook.findById(id);
        if (w == null || !w.merchantId.equals(merchantId) || w.deletedAt != null || w.flavour != flavour) {
            throw ApiException.notFound("Webhook", id);
        }
        return w;
    }

    @Transactional
    public void delete(UUID merchantId, UUID id) {
        delete(merchantId, id, Webhook.Flavour.COOPDISPATCH);
    }

    /** Deletes a webhook; notifications still waiting for it are abandoned, the history stays readable by nobody. */
    @Transactional
    public void delete(UUID merchantId, UUID id, Webhook.Flavour flavour) {
        Webhook w = get(merchantId, id, flavour);
        w.deletedAt = clock.instant();
        WebhookMessage.update("state = ?1, nextAttemptAt = null, completedAt = ?2 where webhookId = ?3 and state = ?4",
                WebhookMessage.State.ABANDONED, w.deletedAt, w.id, WebhookMessage.State.PENDING);
    }

    public record MessageWithAttempts(WebhookMessage message, List<WebhookAttempt> attempts) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<MessageWithAttempts> messages(UUID merchantId, UUID webhookId, int limit) {
        get(merchantId, webhookId);
        List<WebhookMessage> messages = WebhookMessage.find("webhookId", Sort.descending("createdAt"), webhookId)
                .page(Page.ofSize(limit)).list();
        if (messages.isEmpty()) {
            return List.of();
        }
        List<WebhookAttempt> attempts = WebhookAttempt.list("messageId in ?1", Sort.by("messageId").and("attempt"),
                messages.stream().map(m -> m.id).toList());
        List<MessageWithAttempts> out = new ArrayList<>();
        for (WebhookMessage m : messages) {
            out.add(new MessageWithAttempts(m, attempts.stream().filter(a -> a.messageId.equals(m.id)).toList()));
        }
        return out;
    }

    /** Queues a notification of this status change for every webhook of the delivery's merchant that wants it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void statusChanged(Delivery d, Instant at, String trackingUrl) {
        String ours = EVENTS.get(d.status);
        List<String> coopCycle = COOPCYCLE_EVENTS.getOrDefault(d.status, List.of());
        if (ours == null && coopCycle.isEmpty()) {
            return;
        }
        List<Webhook> hooks = Webhook.list("merchantId = ?1 and deletedAt is null", d.merchantId);
        int count = 0;
        for (Webhook w : hooks) {
            String event = w.flavour == Webhook.Flavour.COOPCYCLE
                    ? coopCycle.stream().filter(w.eventList()::contains).findFirst().orElse(null)
                    : ours != null && w.eventList().contains(ours) ? ours : null;
            if (event == null) {
                continue;
            }
            WebhookMessage m = new WebhookMessage();
            m.id = UUID.randomUUID();
            m.webhookId = w.id;
            m.deliveryId = d.id;
            m.event = event;
            m.payload = w.flavour == Webhook.Flavour.COOPCYCLE ? coopCyclePayload(event, d)
                    : payload(m.id, event, at, d, trackingUrl);
            m.state = WebhookMessage.State.PENDING;
            m.createdAt = clock.instant();
            m.nextAttemptAt = m.createdAt;
            m.persist();
            count++;
        }
        if (count > 0) {
            queued.fire(new WebhookSender.MessagesQueued(count));
        }
    }

    private String payload(UUID messageId, String event, Instant at, Delivery d, String trackingUrl) {
        Map<String, Object> delivery = new java.util.LinkedHashMap<>();
        delivery.put("id", d.id);
        delivery.put("status", d.status);
        delivery.put("reference", d.reference);
        delivery.put("riderId", d.riderId);
        delivery.put("reason", d.statusReason);
        delivery.put("trackingUrl", trackingUrl);
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("id", messageId);
        body.put("event", event);
        body.put("occurredAt", at);
        body.put("delivery", delivery);
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** CoopCycle's notification body: {"data":{"object":"/api/deliveries/{id}","event":"delivery.completed"}}. */
    private String coopCyclePayload(String event, Delivery d) {
        Map<String, Object> data = new java.util.LinkedHashMap<>();
        data.put("object", "/api/deliveries/" + d.id);
        data.put("event", event);
        try {
            return json.writeValueAsString(Map.of("data", data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> checkEvents(List<String> events) {
        Set<String> names = new LinkedHashSet<>();
        for (String e : events) {
            String name = e == null ? "" : e.strip().toLowerCase(Locale.ROOT);
            if (!EVENTS.containsValue(name)) {
                throw invalid("events", "unknown event '" + e + "'; events are assigned, picked_up, delivered, "
                        + "failed, cancelled, unassignable");
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    private static ApiException invalid(String field, String message) {
        return new ApiException(400, "Invalid request", field + ": " + message,
                List.of(new Problem.Violation(field, message)));
    }
}
