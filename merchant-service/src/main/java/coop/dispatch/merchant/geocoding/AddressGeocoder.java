package coop.dispatch.merchant.geocoding;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Turns free-text street addresses into positions, from the OpenStreetMap addresses of the configured cities.
 * SKELETON: being written (issue 8).
 */
@ApplicationScoped
public class AddressGeocoder {
    /**
     * The best match for an address in a city, or an {@code ApiException} 422 whose detail names the address and
     * whose violations (on {@code field}) list the closest candidates. Never a 500 for an address it cannot find.
     *
     * @param city a configured city key; null searches every city
     */
    public GeocodedAddress resolve(String field, String address, String city) {
        throw new UnsupportedOperationException("geocoder not written yet");
    }

    /** Up to {@code limit} candidates, best first (autocomplete, {@code GET /api/v1/geocode}). */
    public List<GeocodedAddress> search(String query, String city, int limit) {
        throw new UnsupportedOperationException("geocoder not written yet");
    }
}
