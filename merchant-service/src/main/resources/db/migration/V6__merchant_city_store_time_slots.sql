-- Issue 8: a merchant belongs to a city; its store (the implicit pickup of CoopCycle-shaped deliveries) and its time
-- slots (CoopCycle's TimeSlot: when customers may choose to be delivered); webhooks in CoopCycle's flavour.

-- Merchants that exist already belong to the deployment's default city (coop.default-city).
ALTER TABLE merchant ADD COLUMN city TEXT NOT NULL DEFAULT '${default_city}';
ALTER TABLE merchant ALTER COLUMN city DROP DEFAULT;

CREATE TABLE store (
    merchant_id UUID PRIMARY KEY REFERENCES merchant (id),
    name        TEXT             NOT NULL,
    address     TEXT             NOT NULL,
    lat         DOUBLE PRECISION NOT NULL,
    lon         DOUBLE PRECISION NOT NULL,
    telephone   TEXT,
    updated_at  TIMESTAMPTZ      NOT NULL
);

-- Opening hours are CoopCycle's openingHoursSpecification as JSON: [{"opens","closes","dayOfWeek":[...]}].
CREATE TABLE time_slot (
    id                   UUID PRIMARY KEY,
    merchant_id          UUID        NOT NULL REFERENCES merchant (id),
    position             INTEGER     NOT NULL,
    name                 TEXT        NOT NULL,
    interval_minutes     INTEGER     NOT NULL,
    prior_notice_minutes INTEGER     NOT NULL,
    opening_hours        TEXT        NOT NULL,
    created_at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX time_slot_merchant ON time_slot (merchant_id, position);

-- COOPDISPATCH: our notifications (X-Coop-Signature); COOPCYCLE: CoopCycle's {"data":{"object","event"}} with
-- X-CoopCycle-Signature, one event per webhook (events then holds a single name such as delivery.completed).
ALTER TABLE webhook ADD COLUMN flavour TEXT NOT NULL DEFAULT 'COOPDISPATCH';
