package coop.dispatch.merchant.service;

import coop.dispatch.commons.outbox.Outbox;
import coop.dispatch.merchant.Delivery;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Stores a new delivery, its first status, its DeliveryRequested event and (if given) its Idempotency-Key in ONE SQL
 * statement: PostgreSQL runs the data-modifying parts of a WITH query as one atomic statement, so all of them are
 * stored or none is, in a single round trip and without a transaction manager. With a key, the key's insert comes
 * first and everything else depends on it: a concurrent twin with the same key waits for this statement, finds the
 * key taken and stores nothing.
 */
final class NewDeliveryStatement {
    private static final String DELIVERY_COLUMNS = "id, merchant_id, status, reference, "
            + "pickup_address, pickup_location, pickup_contact_name, pickup_phone, pickup_notes, pickup_after, "
            + "pickup_before, dropoff_address, dropoff_location, dropoff_contact_name, dropoff_phone, dropoff_notes, "
            + "dropoff_after, dropoff_before, weight_grams, size, packages, vehicle, price_cents, rider_pay_cents, "
            + "currency, pricing_version, distance_meters, duration_seconds, distance_source, tracking_token, "
            + "created_at, updated_at, version";
    private static final String DELIVERY_VALUES = "?, ?, ?, ?, ?, ST_SetSRID(ST_MakePoint(?, ?), 4326), ?, ?, ?, "
            + "?, ?, ?, ST_SetSRID(ST_MakePoint(?, ?), 4326), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0";
    private static final String REST = """
            h AS (INSERT INTO delivery_status_change (delivery_id, status, at) SELECT id, status, created_at FROM d)
            INSERT INTO outbox_event (%s) SELECT ?, ?, ?, ?, ?, ? FROM d""".formatted(Outbox.COLUMNS);
    private static final String WITHOUT_KEY = "WITH d AS (INSERT INTO delivery (" + DELIVERY_COLUMNS + ") VALUES ("
            + DELIVERY_VALUES + ") RETURNING id, status, created_at),\n" + REST;
    private static final String WITH_KEY = """
            WITH k AS (INSERT INTO idempotency_key (merchant_id, idem_key, request_hash, delivery_id, created_at)
                       VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING delivery_id),
            """ + "d AS (INSERT INTO delivery (" + DELIVERY_COLUMNS + ") SELECT " + DELIVERY_VALUES
            + " WHERE EXISTS (SELECT 1 FROM k) RETURNING id, status, created_at),\n" + REST;

    private NewDeliveryStatement() {
    }

    /**
     * Runs the statement on a connection of its own (auto-commit: the statement is the transaction). Returns false
     * if the Idempotency-Key was already taken, in which case nothing was stored.
     */
    static boolean insert(DataSource dataSource, Delivery d, Outbox.Row event, String idempotencyKey,
                          String requestHash) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(idempotencyKey == null ? WITHOUT_KEY
                     : WITH_KEY)) {
            int i = 1;
            if (idempotencyKey != null) {
                statement.setObject(i++, d.merchantId);
                statement.setString(i++, idempotencyKey);
                statement.setString(i++, requestHash);
                statement.setObject(i++, d.id);
                time(statement, i++, d.createdAt);
            }
            statement.setObject(i++, d.id);
            statement.setObject(i++, d.merchantId);
            statement.setString(i++, d.status.name());
            statement.setString(i++, d.reference);
            statement.setString(i++, d.pickupAddress);
            statement.setDouble(i++, d.pickupLocation.getX());
            statement.setDouble(i++, d.pickupLocation.getY());
            statement.setString(i++, d.pickupContactName);
            statement.setString(i++, d.pickupPhone);
            statement.setString(i++, d.pickupNotes);
            time(statement, i++, d.pickupAfter);
            time(statement, i++, d.pickupBefore);
            statement.setString(i++, d.dropoffAddress);
            statement.setDouble(i++, d.dropoffLocation.getX());
            statement.setDouble(i++, d.dropoffLocation.getY());
            statement.setString(i++, d.dropoffContactName);
            statement.setString(i++, d.dropoffPhone);
            statement.setString(i++, d.dropoffNotes);
            time(statement, i++, d.dropoffAfter);
            time(statement, i++, d.dropoffBefore);
            statement.setInt(i++, d.weightGrams);
            statement.setString(i++, d.size);
            statement.setString(i++, d.packages);
            statement.setString(i++, d.vehicle);
            number(statement, i++, d.priceCents);
            number(statement, i++, d.riderPayCents);
            statement.setString(i++, d.currency);
            statement.setString(i++, d.pricingVersion);
            number(statement, i++, d.distanceMeters);
            number(statement, i++, d.durationSeconds);
            statement.setString(i++, d.distanceSource);
            statement.setString(i++, d.trackingToken);
            time(statement, i++, d.createdAt);
            time(statement, i++, d.updatedAt);
            event.bind(statement, i);
            return statement.executeUpdate() == 1;
        }
    }

    private static void time(PreparedStatement statement, int index, Instant value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, value.atOffset(ZoneOffset.UTC));
        }
    }

    private static void number(PreparedStatement statement, int index, Number value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value.longValue());
        }
    }
}
