-- The courier's latest position, kept only while the parcel is on its way to the customer (PICKED_UP) and shown on
-- the tracking page; cleared when the delivery ends. courier_seen_at starts at the pick-up time, so only later points
-- are taken.
ALTER TABLE delivery
    ADD COLUMN courier_lat     double precision,
    ADD COLUMN courier_lon     double precision,
    ADD COLUMN courier_seen_at timestamptz;

CREATE INDEX delivery_on_the_way ON delivery (rider_id) WHERE status = 'PICKED_UP';
