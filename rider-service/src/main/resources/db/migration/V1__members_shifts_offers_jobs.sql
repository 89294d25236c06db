CREATE TABLE member (
    id            UUID PRIMARY KEY,
    username      TEXT        NOT NULL UNIQUE CHECK (username = lower(username)),
    display_name  TEXT        NOT NULL,
    password_hash TEXT        NOT NULL,
    roles         TEXT[]      NOT NULL,
    vehicle       TEXT CHECK (vehicle IN ('BIKE', 'EBIKE', 'CARGO_BIKE')),
    active        BOOLEAN     NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE shift (
    id               UUID PRIMARY KEY,
    rider_id         UUID                  NOT NULL REFERENCES member (id),
    vehicle          TEXT                  NOT NULL,
    started_at       TIMESTAMPTZ           NOT NULL,
    ended_at         TIMESTAMPTZ,
    start_location   geometry(Point, 4326) NOT NULL,
    last_location    geometry(Point, 4326),
    last_location_at TIMESTAMPTZ,
    CHECK (ended_at IS NULL OR ended_at >= started_at)
);
-- A rider is online at most once: the database refuses a second open shift whatever the application does.
CREATE UNIQUE INDEX shift_one_open_per_rider ON shift (rider_id) WHERE ended_at IS NULL;
CREATE INDEX shift_rider_started ON shift (rider_id, started_at DESC);

CREATE TABLE offer (
    offer_id          UUID PRIMARY KEY,
    delivery_id       UUID             NOT NULL,
    rider_id          UUID             NOT NULL REFERENCES member (id),
    status            TEXT             NOT NULL
        CHECK (status IN ('OPEN', 'ACCEPTED', 'DECLINED', 'WITHDRAWN', 'EXPIRED')),
    pickup_lat        DOUBLE PRECISION NOT NULL,
    pickup_lon        DOUBLE PRECISION NOT NULL,
    dropoff_lat       DOUBLE PRECISION NOT NULL,
    dropoff_lon       DOUBLE PRECISION NOT NULL,
    pickup_distance_m DOUBLE PRECISION NOT NULL,
    pickup_seconds    BIGINT           NOT NULL,
    offered_at        TIMESTAMPTZ      NOT NULL,
    expires_at        TIMESTAMPTZ      NOT NULL,
    answered_at       TIMESTAMPTZ,
    withdrawn_reason  TEXT
);
CREATE INDEX offer_rider_open ON offer (rider_id, expires_at) WHERE status = 'OPEN';
CREATE INDEX offer_delivery ON offer (delivery_id);

CREATE TABLE job (
    delivery_id  UUID PRIMARY KEY,
    rider_id     UUID        NOT NULL REFERENCES member (id),
    offer_id     UUID,
    status       TEXT        NOT NULL CHECK (status IN ('ASSIGNED', 'PICKED_UP', 'DELIVERED')),
    assigned_at  TIMESTAMPTZ NOT NULL,
    picked_up_at TIMESTAMPTZ,
    delivered_at TIMESTAMPTZ,
    pickup_lat   DOUBLE PRECISION,
    pickup_lon   DOUBLE PRECISION,
    dropoff_lat  DOUBLE PRECISION,
    dropoff_lon  DOUBLE PRECISION
);
CREATE INDEX job_rider_assigned ON job (rider_id, assigned_at DESC);
CREATE INDEX job_rider_active ON job (rider_id) WHERE status IN ('ASSIGNED', 'PICKED_UP');
