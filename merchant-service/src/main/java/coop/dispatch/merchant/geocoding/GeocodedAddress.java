package coop.dispatch.merchant.geocoding;

import coop.dispatch.commons.geo.Location;

/**
 * One answer of the geocoder: where an address is, how it was found, and how sure the geocoder is.
 *
 * @param label       the address as the map has it, e.g. "Vinohradská 1511/12, 12000 Praha"
 * @param location    its position (WGS84)
 * @param confidence  0..1; below the configured threshold a delivery is refused with the candidates
 * @param precision   {@code address} (this house number is mapped), {@code interpolated} (placed between the nearest
 *                    mapped numbers of the same street), {@code street} (only the street was found),
 *                    {@code external} (from the optional external geocoder)
 * @param city        the key of the configured city the address belongs to
 */
public record GeocodedAddress(String label, Location location, double confidence, String precision, String street,
                              String houseNumber, String postcode, String cityName, String city) {
}
