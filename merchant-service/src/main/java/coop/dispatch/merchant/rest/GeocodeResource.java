package coop.dispatch.merchant.rest;

import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.commons.security.Roles;
import coop.dispatch.merchant.geocoding.AddressGeocoder;
import coop.dispatch.merchant.geocoding.GeocodedAddress;
import coop.dispatch.merchant.service.CityDirectory;
import coop.dispatch.merchant.service.MerchantService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * Address search for merchants' own apps (autocomplete, checking an address before sending a delivery), from the
 * coop's own OpenStreetMap data: no third party sees the customers' addresses.
 */
@Path("/api/v1/geocode")
@Tag(name = "Geocoding")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed({Roles.MERCHANT, Roles.COORDINATOR})
public class GeocodeResource {
    private static final int MAX_LIMIT = 20;

    private final AddressGeocoder geocoder;
    private final MerchantService merchants;
    private final CityDirectory cities;
    private final JsonWebToken token;

    public GeocodeResource(AddressGeocoder geocoder, MerchantService merchants, CityDirectory cities,
                           JsonWebToken token) {
        this.geocoder = geocoder;
        this.merchants = merchants;
        this.cities = cities;
        this.token = token;
    }

    @GET
    @Operation(summary = "Addresses matching a free-text query, best first",
            description = "q: an address as people write it (\"Vinohradská 12, Praha\", \"12 vinohradska\", typos, "
                    + "abbreviations, with or without postcode and city). A merchant's token searches the merchant's "
                    + "city; a coordinator's searches every city or the one given in `city` (key, name or alias). "
                    + "Each candidate has a confidence (0..1) and a precision: address (this number is mapped), "
                    + "interpolated (placed along an addr:interpolation way, or between its mapped neighbours), street "
                    + "(only the street was found). "
                    + "Deliveries are accepted from `minConfidence` up.")
    @APIResponse(responseCode = "200", description = "Candidates (possibly none)")
    @APIResponse(responseCode = "400", description = "q missing or longer than 300 characters, limit not in 1..20, "
            + "unknown city")
    @APIResponse(responseCode = "403", description = "A merchant asking for another city")
    @APIResponse(responseCode = "503", description = "The city's addresses are being imported")
    public GeocodeView geocode(@QueryParam("q") String q, @QueryParam("limit") Integer limit,
                               @QueryParam("city") String city) {
        if (q == null || q.isBlank()) {
            throw ApiException.badRequest("q: an address to search for is required");
        }
        int n = limit == null ? 5 : limit;
        if (n < 1 || n > MAX_LIMIT) {
            throw ApiException.badRequest("limit: between 1 and " + MAX_LIMIT);
        }
        String scope = scope(city);
        List<GeocodedAddress> found = geocoder.search(q, scope, n);
        return new GeocodeView(q, scope, geocoder.minConfidence(), found.stream().map(GeocodeCandidate::of).toList());
    }

    /** The merchant's own city; for a coordinator the one asked for, or every city (null). */
    private String scope(String city) {
        String asked = null;
        if (city != null && !city.isBlank()) {
            try {
                asked = cities.key("city", city);
            } catch (ApiException e) {
                throw ApiException.badRequest(e.getMessage());
            }
        }
        if (token.getGroups().contains(Roles.COORDINATOR)) {
            return asked;
        }
        String own = merchants.merchant(merchants.activeMerchant(token.getClaim(MerchantService.CLIENT_CLAIM))).city;
        if (asked != null && !asked.equals(own)) {
            throw ApiException.forbidden("A merchant searches the addresses of its own city (" + own + ")");
        }
        return own;
    }

    /** The answer: what was asked, where, the acceptance threshold, and the candidates. */
    public record GeocodeView(String query, String city, double minConfidence, List<GeocodeCandidate> candidates) {
    }

    /** One candidate, flat for clients: label, lat/lon, confidence, precision and the address's parts. */
    public record GeocodeCandidate(String label, double lat, double lon, double confidence, String precision,
                                   String street, String houseNumber, String postcode, String cityName, String city) {
        static GeocodeCandidate of(GeocodedAddress a) {
            return new GeocodeCandidate(a.label(), a.location().lat(), a.location().lon(), a.confidence(),
                    a.precision(), a.street(), a.houseNumber(), a.postcode(), a.cityName(), a.city());
        }
    }
}
