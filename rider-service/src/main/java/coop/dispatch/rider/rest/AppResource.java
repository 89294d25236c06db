package coop.dispatch.rider.rest;

import coop.dispatch.rider.config.AppConfig;
import coop.dispatch.rider.config.EarningsConfig;
import coop.dispatch.rider.config.ProofConfig;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Settings of the courier web app served at {@code /app/}; nothing secret, so readable before login. */
@Path("/api/v1/app/settings")
@Tag(name = "Courier app")
@PermitAll
public class AppResource {
    private final AppSettings settings;

    public AppResource(AppConfig app, EarningsConfig earnings, ProofConfig proof) {
        this.settings = new AppSettings(app.tileUrl().filter(s -> !s.isBlank()).orElse(null), app.tileAttribution(),
                earnings.currency(), app.locationInterval().toSeconds(), proof.photoMaxBytes());
    }

    @GET
    @Operation(summary = "Map tiles, currency and location interval for the courier app")
    public AppSettings settings() {
        return settings;
    }
}
