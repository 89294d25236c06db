-- What dispatch knows of each rider, from rider-status events and its own assignments.
CREATE TABLE rider_state (
    rider_id          UUID PRIMARY KEY,
    online            BOOLEAN     NOT NULL,
    vehicle           TEXT        NOT NULL,
    location          geometry(Point, 4326),
    location_at       TIMESTAMPTZ,
    online_since      TIMESTAMPTZ,
    waiting_since     TIMESTAMPTZ,
    busy_delivery_id  UUID,
    updated_at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX rider_state_online ON rider_state (online) WHERE online;

CREATE TABLE dispatch_job (
    delivery_id       UUID PRIMARY KEY,
    merchant_id       UUID                  NOT NULL,
    status            TEXT                  NOT NULL,
    pickup            geometry(Point, 4326) NOT NULL,
    dropoff           geometry(Point, 4326) NOT NULL,
    weight_grams      INTEGER               NOT NULL,
    requested_at      TIMESTAMPTZ           NOT NULL,
    assigned_rider_id UUID,
    updated_at        TIMESTAMPTZ           NOT NULL,
    version           BIGINT                NOT NULL DEFAULT 0
);
CREATE INDEX dispatch_job_waiting ON dispatch_job (requested_at) WHERE status = 'WAITING';

CREATE TABLE dispatch_decision (
    id              UUID PRIMARY KEY,
    delivery_id     UUID        NOT NULL REFERENCES dispatch_job (delivery_id),
    made_at         TIMESTAMPTZ NOT NULL,
    rules_version   TEXT        NOT NULL,
    rotation_key    TEXT        NOT NULL,
    chosen_rider_id UUID,
    candidates      JSONB       NOT NULL,
    excluded        JSONB       NOT NULL
);
CREATE INDEX dispatch_decision_delivery ON dispatch_decision (delivery_id, made_at);

CREATE TABLE job_offer (
    offer_id       UUID PRIMARY KEY,
    delivery_id    UUID        NOT NULL REFERENCES dispatch_job (delivery_id),
    rider_id       UUID        NOT NULL,
    decision_id    UUID        NOT NULL REFERENCES dispatch_decision (id),
    status         TEXT        NOT NULL,
    offered_at     TIMESTAMPTZ NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL,
    answered_at    TIMESTAMPTZ
);
-- A delivery is never offered to two riders at once, and a rider never answers two offers at once,
-- even with two dispatcher instances or after a restart.
CREATE UNIQUE INDEX job_offer_one_open_per_delivery ON job_offer (delivery_id) WHERE status = 'OPEN';
CREATE UNIQUE INDEX job_offer_one_open_per_rider ON job_offer (rider_id) WHERE status = 'OPEN';
CREATE INDEX job_offer_delivery ON job_offer (delivery_id);
