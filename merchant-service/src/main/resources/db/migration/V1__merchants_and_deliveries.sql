CREATE TABLE merchant (
    id         UUID PRIMARY KEY,
    name       TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE api_client (
    client_id   TEXT PRIMARY KEY,
    merchant_id UUID        NOT NULL REFERENCES merchant (id),
    name        TEXT        NOT NULL,
    secret_hash TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ
);
CREATE INDEX api_client_merchant ON api_client (merchant_id);

CREATE TABLE delivery (
    id                    UUID PRIMARY KEY,
    merchant_id           UUID                  NOT NULL REFERENCES merchant (id),
    status                TEXT                  NOT NULL,
    reference             TEXT,
    pickup_address        TEXT                  NOT NULL,
    pickup_location       geometry(Point, 4326) NOT NULL,
    pickup_contact_name   TEXT,
    pickup_phone          TEXT,
    pickup_notes          TEXT,
    pickup_after          TIMESTAMPTZ,
    pickup_before         TIMESTAMPTZ,
    dropoff_address       TEXT                  NOT NULL,
    dropoff_location      geometry(Point, 4326) NOT NULL,
    dropoff_contact_name  TEXT,
    dropoff_phone         TEXT,
    dropoff_notes         TEXT,
    dropoff_after         TIMESTAMPTZ,
    dropoff_before        TIMESTAMPTZ,
    weight_grams          INTEGER               NOT NULL,
    rider_id              UUID,
    created_at            TIMESTAMPTZ           NOT NULL,
    updated_at            TIMESTAMPTZ           NOT NULL,
    version               BIGINT                NOT NULL DEFAULT 0
);
CREATE INDEX delivery_merchant_created ON delivery (merchant_id, created_at DESC, id);
CREATE INDEX delivery_pickup_location ON delivery USING gist (pickup_location);

CREATE TABLE delivery_status_change (
    id          BIGSERIAL PRIMARY KEY,
    delivery_id UUID        NOT NULL REFERENCES delivery (id),
    status      TEXT        NOT NULL,
    at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX delivery_status_change_delivery ON delivery_status_change (delivery_id, id);
