-- No query searches deliveries by pickup location (zones are checked before a delivery is stored, in memory), and
-- a GiST insert is the dearest part of storing a delivery. Re-create it if a spatial search of deliveries is added.
DROP INDEX IF EXISTS delivery_pickup_location;
