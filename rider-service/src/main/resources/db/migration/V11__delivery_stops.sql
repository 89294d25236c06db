-- Addresses, contacts and notes of each delivery's stops (from DeliveryRequested), shown only to the rider who has
-- the job. Personal data of the customer: deleted after coop.jobs.stop-details-retention.
CREATE TABLE delivery_stops (
    delivery_id          UUID        PRIMARY KEY,
    pickup_address       TEXT,
    pickup_contact_name  TEXT,
    pickup_phone         TEXT,
    pickup_notes         TEXT,
    dropoff_address      TEXT,
    dropoff_contact_name TEXT,
    dropoff_phone        TEXT,
    dropoff_notes        TEXT,
    received_at          TIMESTAMPTZ NOT NULL
);

CREATE INDEX delivery_stops_received ON delivery_stops (received_at);
