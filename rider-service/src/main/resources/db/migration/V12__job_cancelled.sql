-- A shop may cancel a delivery until it is picked up; the rider's job then ends as CANCELLED and frees the rider.
ALTER TABLE job DROP CONSTRAINT job_status_check;
ALTER TABLE job ADD CONSTRAINT job_status_check
    CHECK (status IN ('ASSIGNED', 'PICKED_UP', 'DELIVERED', 'FAILED', 'CANCELLED'));
ALTER TABLE job ADD COLUMN cancelled_at TIMESTAMPTZ;
ALTER TABLE job ADD COLUMN cancel_reason TEXT;
