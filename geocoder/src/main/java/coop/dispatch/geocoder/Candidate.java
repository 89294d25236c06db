package coop.dispatch.geocoder;

/**
 * One answer of the search.
 *
 * @param label       the address as the map writes it, e.g. "Vinohradská 1511/12, 12000 Praha"
 * @param confidence  0..1: how sure the search is that this is the address meant
 * @param precision   {@link #ADDRESS}, {@link #INTERPOLATED} or {@link #STREET}
 * @param housenumber the number as mapped (as asked, for an interpolated one); null for a street
 * @param cityName    addr:city or the configured city name
 * @param cityKey     the configured city it belongs to
 */
public record Candidate(String label, double lat, double lon, double confidence, String precision, String street,
                        String housenumber, String postcode, String cityName, String cityKey) {
    /** This house number is on the map. */
    public static final String ADDRESS = "address";
    /** Placed along an addr:interpolation way, or between the nearest mapped numbers of the same street. */
    public static final String INTERPOLATED = "interpolated";
    /** Only the street was found: its middle. */
    public static final String STREET = "street";

    static String label(String street, String number, String postcode, String city) {
        StringBuilder b = new StringBuilder(street);
        if (number != null) {
            b.append(' ').append(number);
        }
        String area = ((postcode == null ? "" : postcode) + " " + (city == null ? "" : city)).strip();
        if (!area.isEmpty()) {
            b.append(", ").append(area);
        }
        return b.toString();
    }
}
