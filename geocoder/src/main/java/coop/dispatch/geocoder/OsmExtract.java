package coop.dispatch.geocoder;

import java.util.List;

/**
 * What the geocoder takes from one OpenStreetMap extract.
 *
 * @param addresses every addressed node, way and building (one row per house number), and the numbers
 *                  addr:interpolation ways stand for (osm type {@link #INTERPOLATED}, placed along the way)
 * @param streets   every named highway way, with a point halfway along it
 * @param places    named settlements and their parts (city, town, village, suburb, quarter, neighbourhood)
 * @param skipped   addressed objects left out (a house number with neither street nor place, or no position)
 */
public record OsmExtract(List<Address> addresses, List<Street> streets, List<Place> places, int skipped) {
    /** The osm type of a number an addr:interpolation way stands for (its osm id is the way's). */
    public static final char INTERPOLATED = 'I';

    /**
     * One address as mapped.
     *
     * @param housenumber  as written on the map, e.g. "1511/12" or "12a"
     * @param conscription the Czech conscription number (before the "/"), if any
     * @param streetNumber the number along the street (after the "/", or the house number itself)
     * @param city         addr:city, or the configured city name where the map has none
     * @param place        the nearest suburb, quarter or village, if any
     */
    public record Address(char osmType, long osmId, String street, String housenumber, String conscription,
                          String streetNumber, String postcode, String city, String place, double lat, double lon) {
        public Address withPlace(String nearest) {
            return new Address(osmType, osmId, street, housenumber, conscription, streetNumber, postcode, city,
                    nearest, lat, lon);
        }
    }

    public record Street(long osmId, String name, double lat, double lon, double lengthMetres) {
    }

    public record Place(String name, String kind, double lat, double lon) {
    }
}
