-- Issue 8: one deployment may serve several cities; each service zone belongs to one (coop.cities.<key>), and a
-- merchant's deliveries must start and end in zones of the merchant's city. Existing zones belong to the default city.
ALTER TABLE service_zone ADD COLUMN city TEXT NOT NULL DEFAULT '${default_city}';
ALTER TABLE service_zone ALTER COLUMN city DROP DEFAULT;
