package coop.dispatch.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.time.Instant;
import java.util.UUID;

/** Builds, writes and reads {@link EventEnvelope}s. One mapper for every service, so the wire form never drifts. */
public final class Events {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Events() {
    }

    public static EventEnvelope envelope(String key, Object payload, Instant occurredAt) {
        return new EventEnvelope(UUID.randomUUID(), typeOf(payload.getClass()), occurredAt, key,
                MAPPER.valueToTree(payload));
    }

    /**
     * The JSON of an envelope around {@code payload}, written in one pass (the payload is not first turned into a
     * tree): the same text as {@code toJson} of the same envelope. For the outbox, which writes every event once.
     */
    public static String toJson(UUID eventId, String key, Object payload, Instant occurredAt) {
        try {
            return MAPPER.writeValueAsString(new Wire(eventId, typeOf(payload.getClass()), occurredAt, key, payload));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event cannot be written as JSON: " + typeOf(payload.getClass()), e);
        }
    }

    /** {@link EventEnvelope} with the payload as the object itself; same properties in the same order. */
    private record Wire(UUID eventId, String type, Instant occurredAt, String key, Object payload) {
    }

    public static String typeOf(Class<?> payloadType) {
        return payloadType.getSimpleName();
    }

    public static String toJson(EventEnvelope envelope) {
        try {
            return MAPPER.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event cannot be written as JSON: " + envelope.type(), e);
        }
    }

    /** Reads an envelope; throws {@link MalformedEventException} if the text is not one. */
    public static EventEnvelope parse(String json) {
        try {
            EventEnvelope envelope = MAPPER.readValue(json, EventEnvelope.class);
            if (envelope.eventId() == null || envelope.type() == null || envelope.payload() == null) {
                throw new MalformedEventException("Event lacks eventId, type or payload");
            }
            return envelope;
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("Not an event envelope: " + e.getOriginalMessage());
        }
    }

    public static boolean is(EventEnvelope envelope, Class<?> payloadType) {
        return typeOf(payloadType).equals(envelope.type());
    }

    public static <T> T payload(EventEnvelope envelope, Class<T> payloadType) {
        if (!is(envelope, payloadType)) {
            throw new MalformedEventException("Expected " + typeOf(payloadType) + " but got " + envelope.type());
        }
        try {
            return MAPPER.treeToValue(envelope.payload(), payloadType);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("Bad " + envelope.type() + " payload: " + e.getOriginalMessage());
        }
    }

    /** An event that cannot be understood; consumers log and skip it rather than block the partition. */
    public static final class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message) {
            super(message);
        }
    }
}
