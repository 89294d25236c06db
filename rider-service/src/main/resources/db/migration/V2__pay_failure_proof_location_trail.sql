-- What the rider earns for an offer and the job it became (null when the delivery carries no price).
ALTER TABLE offer ADD COLUMN rider_pay_cents BIGINT CHECK (rider_pay_cents >= 0);
ALTER TABLE job ADD COLUMN rider_pay_cents BIGINT CHECK (rider_pay_cents >= 0);

-- The shift during which the job was assigned: earnings per shift. Null for a job assigned while offline.
ALTER TABLE job ADD COLUMN shift_id UUID REFERENCES shift (id);

-- A job may fail at the door, with the rider's reason.
ALTER TABLE job DROP CONSTRAINT job_status_check;
ALTER TABLE job ADD CONSTRAINT job_status_check
    CHECK (status IN ('ASSIGNED', 'PICKED_UP', 'DELIVERED', 'FAILED'));
ALTER TABLE job ADD COLUMN failed_at TIMESTAMPTZ;
ALTER TABLE job ADD COLUMN failure_reason TEXT;
ALTER TABLE job ADD CONSTRAINT job_failure_has_reason CHECK (status <> 'FAILED' OR failure_reason IS NOT NULL);

-- Proof of delivery: the name of who took the parcel, and optionally a photo (kept apart: a job is read often,
-- its photo rarely).
ALTER TABLE job ADD COLUMN recipient_name TEXT;
CREATE TABLE proof_photo (
    delivery_id  UUID PRIMARY KEY REFERENCES job (delivery_id),
    content_type TEXT        NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    size_bytes   INTEGER     NOT NULL CHECK (size_bytes > 0),
    content      BYTEA       NOT NULL,
    uploaded_at  TIMESTAMPTZ NOT NULL
);

CREATE INDEX job_rider_delivered ON job (rider_id, delivered_at) WHERE status = 'DELIVERED';

-- Where an online rider was: accepted only during an open shift, deleted once older than the retention limit.
CREATE TABLE location_point (
    id          BIGSERIAL PRIMARY KEY,
    rider_id    UUID                  NOT NULL REFERENCES member (id),
    shift_id    UUID                  NOT NULL REFERENCES shift (id),
    location    geometry(Point, 4326) NOT NULL,
    recorded_at TIMESTAMPTZ           NOT NULL,
    received_at TIMESTAMPTZ           NOT NULL
);
CREATE INDEX location_point_shift ON location_point (shift_id, recorded_at);
CREATE INDEX location_point_received ON location_point (received_at);
