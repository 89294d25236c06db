-- A delivery booked for later (a time slot this evening or tomorrow) is offered shortly before its pickup, not when
-- it is requested: offer_from is the moment it starts being offered (requested_at for a delivery wanted now).
ALTER TABLE dispatch_job ADD COLUMN offer_from TIMESTAMPTZ;
UPDATE dispatch_job SET offer_from = requested_at;
ALTER TABLE dispatch_job ALTER COLUMN offer_from SET NOT NULL;
CREATE INDEX dispatch_job_due ON dispatch_job (offer_from) WHERE status = 'WAITING';
