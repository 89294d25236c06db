package coop.dispatch.rider.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * Pushes {@link RiderNotice}s to the open WebSocket connections of their rider (a rider may have several, e.g. a
 * phone and a tablet). Messages are JSON objects whose {@code type} names the notice, beside the body's fields.
 */
@ApplicationScoped
public class LiveFeed {
    /** The rider a connection belongs to, set when it opens. */
    public static final UserData.TypedKey<String> RIDER = UserData.TypedKey.forString("coop.rider-id");
    private static final Logger LOG = Logger.getLogger(LiveFeed.class);

    private final OpenConnections connections;
    private final ObjectMapper mapper;

    public LiveFeed(OpenConnections connections, ObjectMapper mapper) {
        this.connections = connections;
        this.mapper = mapper;
    }

    public void register(WebSocketConnection connection, UUID riderId) {
        connection.userData().put(RIDER, riderId.toString());
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) RiderNotice notice) {
        String rider = notice.riderId().toString();
        String text = message(notice.type(), notice.body());
        connections.stream()
                .filter(c -> c.isOpen() && rider.equals(c.userData().get(RIDER)))
                // Never block the committing thread (a Kafka consumer) on a slow phone.
                .forEach(c -> c.sendText(text).subscribe().with(
                        sent -> { },
                        failure -> LOG.debugf("Could not push %s to connection %s: %s", notice.type(), c.id(),
                                failure.getMessage())));
    }

    /** {@code {"type": type, ...fields of body}}. */
    public String message(String type, Object body) {
        ObjectNode node = mapper.createObjectNode().put("type", type);
        node.setAll((ObjectNode) mapper.valueToTree(body));
        return node.toString();
    }
}
