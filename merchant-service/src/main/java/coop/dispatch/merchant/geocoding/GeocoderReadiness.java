package coop.dispatch.merchant.geocoding;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.Map;
import java.util.TreeMap;

/**
 * Not ready while a city's addresses are imported for the first time (deliveries there could not be geocoded); each
 * city's state in the data, e.g. {@code prague: importing 42 %}. A failed import does not hold the whole service back:
 * it shows here and in the log, and only that city's addresses are refused.
 */
@Readiness
@ApplicationScoped
public class GeocoderReadiness implements HealthCheck {
    private final AddressGeocoder geocoder;

    public GeocoderReadiness(AddressGeocoder geocoder) {
        this.geocoder = geocoder;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("Geocoder").status(geocoder.ready());
        Map<String, AddressGeocoder.CityState> states = new TreeMap<>(geocoder.states());
        states.forEach((city, s) -> b.withData(city, s.state().equals("ready") || s.percent() == 0
                ? s.state() + ": " + s.detail() : s.state() + " " + s.percent() + " %: " + s.detail()));
        return b.build();
    }
}
