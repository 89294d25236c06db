package coop.dispatch.rider.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pushes {@link RiderNotice}s to the open WebSocket connections of their rider (a rider may have several, e.g. a
 * phone and a tablet). Messages are JSON objects whose {@code type} names the notice, beside the body's fields.
 * Connections are indexed by rider: with a thousand riders connected, a notice must not look at every connection.
 */
@ApplicationScoped
public class LiveFeed {
    /** The rider a connection belongs to, set when it opens. */
    public static final UserData.TypedKey<String> RIDER = UserData.TypedKey.forString("coop.rider-id");
    private static final Logger LOG = Logger.getLogger(LiveFeed.class);
    private static final Object PENDING = new Object();

    private final Map<UUID, Set<WebSocketConnection>> byRider = new ConcurrentHashMap<>();
    private final ObjectMapper mapper;
    private final TransactionSynchronizationRegistry transactions;

    public LiveFeed(ObjectMapper mapper, TransactionSynchronizationRegistry transactions) {
        this.mapper = mapper;
        this.transactions = transactions;
    }

    public void register(WebSocketConnection connection, UUID riderId) {
        connection.userData().put(RIDER, riderId.toString());
        byRider.computeIfAbsent(riderId, id -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    public void unregister(WebSocketConnection connection) {
        String rider = connection.userData().get(RIDER);
        if (rider != null) {
            byRider.computeIfPresent(UUID.fromString(rider), (id, set) -> {
                set.remove(connection);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /**
     * Keeps the notices of a transaction, in the order they were fired, and pushes them once it committed. (With one
     * {@code AFTER_SUCCESS} observer call per notice, the transaction manager ran them in reverse order: an offer and
     * its withdrawal applied in one batch reached the phone withdrawal first.) Outside a transaction, pushes at once;
     * in a transaction that is rolling back, never.
     */
    void collect(@Observes RiderNotice notice) {
        int status = transactions.getTransactionStatus();
        if (status == Status.STATUS_NO_TRANSACTION) {
            push(notice);
            return;
        } else if (status != Status.STATUS_ACTIVE) {
            return; // rolling back: the change never happened
        }
        @SuppressWarnings("unchecked")
        List<RiderNotice> pending = (List<RiderNotice>) transactions.getResource(PENDING);
        if (pending == null) {
            List<RiderNotice> notices = new ArrayList<>();
            transactions.putResource(PENDING, notices);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        notices.forEach(LiveFeed.this::push);
                    }
                }
            });
            pending = notices;
        }
        pending.add(notice);
    }

    private void push(RiderNotice notice) {
        Set<WebSocketConnection> open = byRider.get(notice.riderId());
        if (open == null) {
            return;
        }
        String text = message(notice.type(), notice.body());
        for (WebSocketConnection c : open) {
            if (c.isOpen()) {
                // Never block the committing thread (a Kafka consumer) on a slow phone.
                c.sendText(text).subscribe().with(
                        sent -> { },
                        failure -> LOG.debugf("Could not push %s to connection %s: %s", notice.type(), c.id(),
                                failure.getMessage()));
            }
        }
    }

    /** {@code {"type": type, ...fields of body}}. */
    public String message(String type, Object body) {
        ObjectNode node = mapper.createObjectNode().put("type", type);
        node.setAll((ObjectNode) mapper.valueToTree(body));
        return node.toString();
    }
}
