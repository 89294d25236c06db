package coop.dispatch.contracts;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.UUID;

/**
 * The form of every message on every topic. {@code type} names the payload record (its simple class name),
 * {@code key} is the Kafka record key, {@code eventId} lets consumers drop redeliveries.
 */
public record EventEnvelope(UUID eventId, String type, Instant occurredAt, String key, JsonNode payload) {
}
