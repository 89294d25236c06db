-- The price fixed by merchant-service, so that offers can tell riders what a job pays.
ALTER TABLE dispatch_job ADD COLUMN price_cents BIGINT;
ALTER TABLE dispatch_job ADD COLUMN rider_pay_cents BIGINT;
ALTER TABLE dispatch_job ADD COLUMN pricing_version TEXT;
