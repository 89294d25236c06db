-- Shift statistics for the rotation keys "fewest jobs" and "lowest earnings per hour".
ALTER TABLE rider_state ADD COLUMN jobs_this_shift INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rider_state ADD COLUMN earned_cents BIGINT NOT NULL DEFAULT 0;
-- Active jobs are counted from dispatch_job (bundling allows several).
ALTER TABLE rider_state DROP COLUMN busy_delivery_id;
CREATE INDEX dispatch_job_rider_active ON dispatch_job (assigned_rider_id) WHERE status IN ('ASSIGNED', 'PICKED_UP');

-- Every shift, for the fairness figures (online hours).
CREATE TABLE rider_shift (
    id         BIGSERIAL PRIMARY KEY,
    rider_id   UUID        NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    ended_at   TIMESTAMPTZ
);
CREATE UNIQUE INDEX rider_shift_open ON rider_shift (rider_id) WHERE ended_at IS NULL;
CREATE INDEX rider_shift_time ON rider_shift (started_at);

ALTER TABLE dispatch_job ADD COLUMN assigned_at TIMESTAMPTZ;
ALTER TABLE dispatch_job ADD COLUMN delivered_at TIMESTAMPTZ;

-- ROTATION decisions come from the engine; MANUAL ones are a coordinator's, with the reason given.
ALTER TABLE dispatch_decision ADD COLUMN kind TEXT NOT NULL DEFAULT 'ROTATION';
ALTER TABLE dispatch_decision ADD COLUMN reason TEXT;
ALTER TABLE dispatch_decision ADD COLUMN decided_by TEXT;

-- Dispatch policies adopted by the rider assembly, applied from their effective time.
CREATE TABLE dispatch_policy (
    version        TEXT PRIMARY KEY,
    effective_from TIMESTAMPTZ NOT NULL,
    document       JSONB       NOT NULL,
    received_at    TIMESTAMPTZ NOT NULL
);
