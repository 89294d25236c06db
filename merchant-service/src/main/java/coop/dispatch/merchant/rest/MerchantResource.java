package coop.dispatch.merchant.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import coop.dispatch.commons.geo.Location;
import coop.dispatch.commons.security.Roles;
import coop.dispatch.merchant.ApiClient;
import coop.dispatch.merchant.Merchant;
import coop.dispatch.merchant.Store;
import coop.dispatch.merchant.TimeSlot;
import coop.dispatch.merchant.service.MerchantService;
import coop.dispatch.merchant.service.TimeSlotRules;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Coordinators manage merchants and their API clients. */
@Path("/api/v1/merchants")
@Tag(name = "Merchants (coordinators)")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed(Roles.COORDINATOR)
public class MerchantResource {
    private final MerchantService merchants;

    public MerchantResource(MerchantService merchants) {
        this.merchants = merchants;
    }

    @POST
    @Operation(summary = "Create a merchant, optionally with its store and time slots",
            description = "city: a configured city's key, name or alias (default: coop.default-city). store: {name, "
                    + "address, location?, telephone?}; without a location the address is geocoded in the city (422 "
                    + "with candidates if it is not found). timeSlots: CoopCycle time slots [{name, interval ('2 "
                    + "days'), priorNotice ('1 hour'), openingHoursSpecification [{opens, closes, dayOfWeek[]}]}], "
                    + "read in the city's time zone. Nothing is stored if any part is refused.")
    @RequestBody(content = @Content(mediaType = "application/json",
            examples = @ExampleObject(name = "shop with store and time slots", value = ApiExamples.MERCHANT_REQUEST)))
    public Response create(@NotNull @Valid NewMerchant request, UriInfo uri) {
        MerchantService.MerchantSetup m = merchants.createMerchant(request.name(), request.city(), request.store(),
                request.timeSlots());
        return Response.created(uri.getAbsolutePathBuilder().path(m.merchant().id.toString()).build())
                .entity(MerchantView.of(m, merchants)).build();
    }

    @GET
    @Operation(summary = "List merchants")
    public List<MerchantView> list() {
        return merchants.merchants().stream()
                .map(m -> MerchantView.of(new MerchantService.MerchantSetup(m, null, null), merchants)).toList();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Read a merchant, with its store and time slots")
    public MerchantView get(@PathParam("id") UUID id) {
        return MerchantView.of(merchants.setup(id), merchants);
    }

    @PUT
    @Path("{id}/store")
    @Operation(summary = "Set or replace the merchant's store (the pickup of CoopCycle-shaped deliveries)",
            description = "Without a location the address is geocoded in the merchant's city; an address the "
                    + "geocoder cannot place is refused with 422 and the closest candidates.")
    public StoreView setStore(@PathParam("id") UUID id, @NotNull @Valid MerchantService.StoreInput request) {
        merchants.merchant(id);
        return StoreView.of(merchants.setStore(id, request));
    }

    @PUT
    @Path("{id}/time-slots")
    @Operation(summary = "Replace the merchant's time slots (the first is the store's default; [] removes them)")
    public List<TimeSlotView> setTimeSlots(@PathParam("id") UUID id,
                                           @NotNull List<MerchantService.TimeSlotInput> request) {
        return merchants.setTimeSlots(id, request).stream().map(t -> TimeSlotView.of(t, merchants)).toList();
    }

    @POST
    @Path("{id}/api-clients")
    @Operation(summary = "Create API client credentials; the secret is shown only in this answer")
    public Response createClient(@PathParam("id") UUID id, @NotNull @Valid NewClient request) {
        MerchantService.NewClient created = merchants.createClient(id, request.name());
        return Response.status(Response.Status.CREATED)
                .entity(new ClientSecretView(created.client().clientId, created.secret(), created.client().name,
                        created.client().createdAt))
                .build();
    }

    @GET
    @Path("{id}/api-clients")
    @Operation(summary = "List a merchant's API clients (never their secrets)")
    public List<ClientView> clients(@PathParam("id") UUID id) {
        return merchants.clients(id).stream().map(ClientView::of).toList();
    }

    @DELETE
    @Path("{id}/api-clients/{clientId}")
    @Operation(summary = "Revoke an API client: new tokens are refused and issued ones stop working")
    public ClientView revoke(@PathParam("id") UUID id, @PathParam("clientId") String clientId) {
        return ClientView.of(merchants.revoke(id, clientId));
    }

    public record NewMerchant(@NotBlank @Size(max = 200) String name, @Size(max = 100) String city,
                              @Valid MerchantService.StoreInput store, List<MerchantService.TimeSlotInput> timeSlots) {
    }

    public record NewClient(@NotBlank @Size(max = 200) String name) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MerchantView(UUID id, String name, String city, Instant createdAt, StoreView store,
                               List<TimeSlotView> timeSlots) {
        static MerchantView of(MerchantService.MerchantSetup s, MerchantService merchants) {
            Merchant m = s.merchant();
            return new MerchantView(m.id, m.name, m.city, m.createdAt, StoreView.of(s.store()),
                    s.timeSlots() == null ? null : s.timeSlots().stream().map(t -> TimeSlotView.of(t, merchants))
                            .toList());
        }
    }

    public record StoreView(String name, String address, Location location, String telephone, Instant updatedAt) {
        static StoreView of(Store s) {
            return s == null ? null : new StoreView(s.name, s.address, new Location(s.lat, s.lon), s.telephone,
                    s.updatedAt);
        }
    }

    public record TimeSlotView(UUID id, String name, String interval, String priorNotice,
                               List<TimeSlotRules.RawHours> openingHoursSpecification) {
        static TimeSlotView of(TimeSlot t, MerchantService merchants) {
            return new TimeSlotView(t.id, t.name, TimeSlotRules.format(Duration.ofMinutes(t.intervalMinutes)),
                    TimeSlotRules.format(Duration.ofMinutes(t.priorNoticeMinutes)), merchants.openingHours(t));
        }
    }

    public record ClientView(String clientId, String name, Instant createdAt, Instant revokedAt) {
        static ClientView of(ApiClient c) {
            return new ClientView(c.clientId, c.name, c.createdAt, c.revokedAt);
        }
    }

    public record ClientSecretView(String clientId, String clientSecret, String name, Instant createdAt) {
    }
}
