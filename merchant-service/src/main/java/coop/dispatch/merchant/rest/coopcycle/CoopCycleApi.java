package coop.dispatch.merchant.rest.coopcycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.commons.security.Roles;
import coop.dispatch.merchant.Store;
import coop.dispatch.merchant.TimeSlot;
import coop.dispatch.merchant.service.CityDirectory;
import coop.dispatch.merchant.service.MerchantService;
import coop.dispatch.merchant.service.TimeSlotRules;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The read side of CoopCycle's API that its shop plugins use to set themselves up: the entrypoint (is this a
 * CoopCycle server?), {@code /api/me} (whose credentials are these, which store), the store with its time slot links,
 * the time slot the plugin builds its delivery choices from, and the public settings (the coop's name). Links are
 * paths relative to the base URL, as CoopCycle's are. A merchant reads only its own store and time slots.
 */
@Path("/api")
@Tag(name = "CoopCycle compatibility")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed(Roles.MERCHANT)
@Produces({JsonLd.MEDIA_TYPE, "application/json"})
public class CoopCycleApi {
    private final MerchantService merchants;
    private final CityDirectory cities;
    private final JsonWebToken token;
    private final String brandName;

    public CoopCycleApi(MerchantService merchants, CityDirectory cities, JsonWebToken token,
                        @ConfigProperty(name = "coop.coopcycle.brand-name") String brandName) {
        this.merchants = merchants;
        this.cities = cities;
        this.token = token;
        this.brandName = brandName;
    }

    @GET
    @PermitAll
    @Operation(summary = "CoopCycle's entrypoint: the plugins check @context /api/contexts/Entrypoint (public)")
    public Map<String, Object> entrypoint() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@context", "/api/contexts/Entrypoint");
        body.put("@id", "/api");
        body.put("@type", "Entrypoint");
        body.put("delivery", "/api/deliveries");
        body.put("me", "/api/me");
        body.put("settings", "/api/settings");
        body.put("store", "/api/stores");
        body.put("timeSlot", "/api/time_slots");
        body.put("webhook", "/api/webhooks");
        return body;
    }

    @GET
    @Path("settings")
    @PermitAll
    @Operation(summary = "Public settings; the PrestaShop plugin names its carrier after brand_name")
    public Map<String, Object> settings() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("brand_name", brandName);
        body.put("cities", cities.names());
        return body;
    }

    @GET
    @Path("me")
    @Operation(summary = "The API client of this token (CoopCycle's ApiApp) and its store")
    public Me me() {
        UUID merchant = merchant();
        String clientId = token.getClaim(MerchantService.CLIENT_CLAIM);
        return new Me("/api/contexts/ApiApp", "/api/api_apps/" + clientId, "http://schema.org/SoftwareApplication",
                merchants.clientName(clientId), "/api/stores/" + merchant);
    }

    @GET
    @Path("stores/{id}")
    @Operation(summary = "Your store: its address (the implicit pickup) and time slot links")
    public StoreLd store(@PathParam("id") String id) {
        UUID merchant = merchant();
        if (!merchant.toString().equalsIgnoreCase(id)) {
            throw ApiException.notFound("Store", id);
        }
        Store s = merchants.store(merchant);
        if (s == null) {
            throw new ApiException(404, "Not found", "Store " + id + " is not set up yet: the coop enters the shop's "
                    + "name and address (PUT /api/v1/merchants/{id}/store)");
        }
        List<String> slots = merchants.timeSlots(merchant).stream().map(t -> "/api/time_slots/" + t.id).toList();
        return new StoreLd("/api/contexts/Store", "/api/stores/" + merchant, "http://schema.org/Store", s.name, true,
                CoopCycleDeliveries.Address.of(s.address, s.lat, s.lon, s.telephone, s.name),
                slots.isEmpty() ? null : slots.get(0), slots);
    }

    @GET
    @Path("time_slots/{id}")
    @Operation(summary = "One of your time slots: interval, priorNotice and openingHoursSpecification")
    public TimeSlotLd timeSlot(@PathParam("id") String id) {
        UUID merchant = merchant();
        TimeSlot t = merchants.timeSlots(merchant).stream().filter(s -> s.id.toString().equalsIgnoreCase(id))
                .findFirst().orElseThrow(() -> ApiException.notFound("Time slot", id));
        List<OpeningHours> hours = merchants.openingHours(t).stream()
                .map(h -> new OpeningHours("OpeningHoursSpecification", h.opens(), h.closes(), h.dayOfWeek()))
                .toList();
        return new TimeSlotLd("/api/contexts/TimeSlot", "/api/time_slots/" + t.id, "TimeSlot", t.name, List.of(),
                TimeSlotRules.format(Duration.ofMinutes(t.intervalMinutes)), false,
                t.priorNoticeMinutes == 0 ? null : TimeSlotRules.format(Duration.ofMinutes(t.priorNoticeMinutes)),
                hours);
    }

    private UUID merchant() {
        return merchants.activeMerchant(token.getClaim(MerchantService.CLIENT_CLAIM));
    }

    public record Me(@JsonProperty("@context") String context, @JsonProperty("@id") String iri,
                     @JsonProperty("@type") String type, String name, String store) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StoreLd(@JsonProperty("@context") String context, @JsonProperty("@id") String iri,
                          @JsonProperty("@type") String type, String name, boolean enabled,
                          CoopCycleDeliveries.Address address, String timeSlot, List<String> timeSlots) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TimeSlotLd(@JsonProperty("@context") String context, @JsonProperty("@id") String iri,
                             @JsonProperty("@type") String type, String name, List<String> choices, String interval,
                             boolean workingDaysOnly, String priorNotice,
                             List<OpeningHours> openingHoursSpecification) {
    }

    public record OpeningHours(@JsonProperty("@type") String type, String opens, String closes,
                               List<String> dayOfWeek) {
    }
}
