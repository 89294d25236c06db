package coop.dispatch.commons.geo;

import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.contracts.events.GeoPoint;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.PrecisionModel;

/** Conversions between API/event coordinates and PostGIS points (SRID 4326, x = longitude). */
public final class GeoPoints {
    public static final int WGS84 = 4326;
    private static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), WGS84);

    private GeoPoints() {
    }

    public static Point point(double lat, double lon) {
        return FACTORY.createPoint(new Coordinate(lon, lat));
    }

    public static Point point(GeoPoint p) {
        return point(p.lat(), p.lon());
    }

    public static GeoPoint of(Point p) {
        return new GeoPoint(p.getY(), p.getX());
    }

    /** Parses a "lat,lon" parameter; a 400 problem naming it when it is missing, malformed or out of range. */
    public static GeoPoint parse(String name, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest(name + " is required, as lat,lon");
        }
        String[] parts = value.split(",");
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            double lat = Double.parseDouble(parts[0].trim());
            double lon = Double.parseDouble(parts[1].trim());
            if (Math.abs(lat) > 90 || Math.abs(lon) > 180 || Double.isNaN(lat) || Double.isNaN(lon)) {
                throw ApiException.badRequest(name + " is out of range: latitude -90..90, longitude -180..180");
            }
            return new GeoPoint(lat, lon);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be lat,lon in decimal degrees, e.g. 49.4093,8.6929");
        }
    }
}
