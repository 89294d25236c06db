-- Issue 3: idempotent creation, cancellation and failure reasons, prices with their policy version, service zones,
-- adopted pricing policies, webhooks with every attempt, tracking links.

ALTER TABLE delivery
    ADD COLUMN size             TEXT,
    ADD COLUMN packages         TEXT,
    ADD COLUMN vehicle          TEXT,
    ADD COLUMN price_cents      BIGINT,
    ADD COLUMN rider_pay_cents  BIGINT,
    ADD COLUMN currency         TEXT,
    ADD COLUMN pricing_version  TEXT,
    ADD COLUMN distance_meters  INTEGER,
    ADD COLUMN duration_seconds INTEGER,
    ADD COLUMN distance_source  TEXT,
    ADD COLUMN tracking_token   TEXT,
    ADD COLUMN status_reason    TEXT;
-- Deliveries made before this migration get a tracking link too (gen_random_uuid draws from a strong source).
UPDATE delivery SET tracking_token = replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '')
    WHERE tracking_token IS NULL;
CREATE UNIQUE INDEX delivery_tracking_token ON delivery (tracking_token);
CREATE INDEX delivery_merchant_status_created ON delivery (merchant_id, status, created_at DESC, id);

ALTER TABLE delivery_status_change ADD COLUMN reason TEXT;

-- Written first in the creating transaction (so a concurrent twin waits on the key), hence the deferred reference.
CREATE TABLE idempotency_key (
    merchant_id  UUID        NOT NULL REFERENCES merchant (id),
    idem_key     TEXT        NOT NULL,
    request_hash TEXT        NOT NULL,
    delivery_id  UUID        NOT NULL REFERENCES delivery (id) DEFERRABLE INITIALLY DEFERRED,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (merchant_id, idem_key)
);
CREATE INDEX idempotency_key_created ON idempotency_key (created_at);

CREATE TABLE service_zone (
    id         UUID PRIMARY KEY,
    name       TEXT                         NOT NULL,
    area       geometry(MultiPolygon, 4326) NOT NULL,
    created_at TIMESTAMPTZ                  NOT NULL,
    updated_at TIMESTAMPTZ                  NOT NULL,
    version    BIGINT                       NOT NULL DEFAULT 0
);
CREATE INDEX service_zone_area ON service_zone USING gist (area);

CREATE TABLE pricing_policy (
    version        TEXT PRIMARY KEY,
    effective_from TIMESTAMPTZ NOT NULL,
    document       TEXT        NOT NULL,
    proposal_id    TEXT,
    adopted_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE webhook (
    id          UUID PRIMARY KEY,
    merchant_id UUID        NOT NULL REFERENCES merchant (id),
    url         TEXT        NOT NULL,
    events      TEXT        NOT NULL,
    secret      TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    deleted_at  TIMESTAMPTZ
);
CREATE INDEX webhook_merchant_active ON webhook (merchant_id) WHERE deleted_at IS NULL;

CREATE TABLE webhook_message (
    id              UUID PRIMARY KEY,
    webhook_id      UUID        NOT NULL REFERENCES webhook (id),
    delivery_id     UUID        NOT NULL,
    event           TEXT        NOT NULL,
    payload         TEXT        NOT NULL,
    state           TEXT        NOT NULL,
    attempts        INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL,
    completed_at    TIMESTAMPTZ
);
CREATE INDEX webhook_message_due ON webhook_message (next_attempt_at) WHERE state = 'PENDING';
CREATE INDEX webhook_message_webhook ON webhook_message (webhook_id, created_at DESC);

CREATE TABLE webhook_attempt (
    id          BIGSERIAL PRIMARY KEY,
    message_id  UUID        NOT NULL REFERENCES webhook_message (id),
    attempt     INTEGER     NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    duration_ms INTEGER     NOT NULL,
    status_code INTEGER,
    error       TEXT
);
CREATE INDEX webhook_attempt_message ON webhook_attempt (message_id, attempt);
