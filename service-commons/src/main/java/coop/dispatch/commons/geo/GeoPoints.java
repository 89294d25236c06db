package coop.dispatch.commons.geo;

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
}
