package coop.dispatch.contracts;

import coop.dispatch.contracts.events.DeliveryRequested;
import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.JobOffered;
import coop.dispatch.contracts.events.RiderOffline;
import coop.dispatch.contracts.events.StopDetails;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventsTest {

    @Test
    void envelopeRoundTripsThroughJson() {
        Instant now = Instant.parse("2026-11-29T12:00:00Z");
        JobOffered offered = new JobOffered(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                new GeoPoint(49.41, 8.69), new GeoPoint(49.40, 8.68), 812.5, 180, now, now.plusSeconds(60), 450L);
        EventEnvelope envelope = Events.envelope(offered.riderId().toString(), offered, now);

        String json = Events.toJson(envelope);
        EventEnvelope read = Events.parse(json);

        assertTrue(json.contains("\"occurredAt\":\"2026-11-29T12:00:00Z\""), json);
        assertEquals("JobOffered", read.type());
        assertEquals(envelope.eventId(), read.eventId());
        assertEquals(offered, Events.payload(read, JobOffered.class));
        assertTrue(Events.is(read, JobOffered.class));
        assertFalse(Events.is(read, RiderOffline.class));
    }

    @Test
    void aDeliveryRequestCarriesItsStopsAndOlderRequestsWithoutThemStillRead() {
        Instant now = Instant.parse("2026-11-30T12:00:00Z");
        DeliveryRequested full = new DeliveryRequested(UUID.randomUUID(), UUID.randomUUID(), new GeoPoint(49.41, 8.69),
                new GeoPoint(49.40, 8.68), null, null, now, now.plusSeconds(3600), 1200, now, 900L, 700L, "2",
                new StopDetails("Hauptstraße 120", "Café Rossi", "+49 6221 1", "back door"),
                new StopDetails("Bergheimer Str. 20", "Ines", null, "2nd floor"));
        String json = Events.toJson(Events.envelope("k", full, now));
        assertEquals(full, Events.payload(Events.parse(json), DeliveryRequested.class));

        String older = json.replaceAll(",\\\"pickupStop\\\":\\{[^}]*\\},\\\"dropoffStop\\\":\\{[^}]*\\}", "");
        assertFalse(older.contains("pickupStop"), older);
        DeliveryRequested read = Events.payload(Events.parse(older), DeliveryRequested.class);
        assertEquals(full.deliveryId(), read.deliveryId());
        assertEquals(null, read.dropoffStop());
    }

    @Test
    void anEnvelopeWrittenInOnePassIsTheSameTextAsTheEnvelopeWritten() {
        Instant now = Instant.parse("2026-11-30T12:00:00.123456Z");
        DeliveryRequested request = new DeliveryRequested(UUID.randomUUID(), UUID.randomUUID(),
                new GeoPoint(49.41, 8.69), new GeoPoint(49.40, 8.68), now, null, null, now.plusSeconds(3600), 800,
                now, 700L, 500L, "3", new StopDetails("Hauptstraße 1", null, null, null), null);
        EventEnvelope envelope = Events.envelope(request.deliveryId().toString(), request, now);

        String direct = Events.toJson(envelope.eventId(), envelope.key(), request, now);

        assertEquals(Events.toJson(envelope), direct);
        assertEquals(request, Events.payload(Events.parse(direct), DeliveryRequested.class));
    }

    @Test
    void rejectsWhatIsNotAnEvent() {
        assertThrows(Events.MalformedEventException.class, () -> Events.parse("{not json"));
        assertThrows(Events.MalformedEventException.class, () -> Events.parse("{\"type\":\"X\"}"));
        EventEnvelope offline = Events.envelope("k", new RiderOffline(UUID.randomUUID(), Instant.now()), Instant.now());
        assertThrows(Events.MalformedEventException.class, () -> Events.payload(offline, JobOffered.class));
    }
}
