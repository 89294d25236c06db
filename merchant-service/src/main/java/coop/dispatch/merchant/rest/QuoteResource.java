package coop.dispatch.merchant.rest;

import coop.dispatch.commons.security.Roles;
import coop.dispatch.merchant.service.DeliveryPlanner;
import coop.dispatch.merchant.service.DeliveryRequests;
import coop.dispatch.merchant.service.MerchantService;
import coop.dispatch.policies.PriceQuote;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Price quotes: the same body as a delivery, nothing stored, nothing sent. */
@Path("/api/v1/quotes")
@Tag(name = "Quotes")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed(Roles.MERCHANT)
public class QuoteResource {
    private final DeliveryRequests requests;
    private final MerchantService merchants;
    private final JsonWebToken token;

    public QuoteResource(DeliveryRequests requests, MerchantService merchants, JsonWebToken token) {
        this.requests = requests;
        this.merchants = merchants;
        this.token = token;
    }

    @POST
    @Operation(summary = "What a delivery would cost and take, without requesting it",
            description = "The vehicle the parcel needs (BIKE, EBIKE or CARGO_BIKE, from its weight and size), the "
                    + "distance and duration for that vehicle from the dispatcher's router, the price (with every line "
                    + "that makes it up and the pricing policy version), earliest pickup estimate. 503 if routing is "
                    + "down.")
    @RequestBody(content = @Content(mediaType = "application/json",
            examples = @ExampleObject(name = "delivery", value = ApiExamples.DELIVERY_REQUEST)))
    @APIResponse(responseCode = "200", description = "The quote", content = @Content(mediaType = "application/json",
            examples = @ExampleObject(name = "quote", value = ApiExamples.QUOTE)))
    @APIResponse(responseCode = "422", description = "Outside the zones, impossible windows, too heavy, no route for the "
            + "vehicle")
    @APIResponse(responseCode = "503", description = "Routing unavailable")
    public QuoteView quote(@NotNull @Valid DeliveryRequest request) {
        UUID merchant = merchants.activeMerchant(token.getClaim(MerchantService.CLIENT_CLAIM));
        DeliveryPlanner.Plan plan = requests.quote(merchant, request, token.getRawToken());
        PriceQuote price = plan.price();
        return new QuoteView(price.priceCents(), price.riderPayCents(), price.currency(), price.policyVersion(),
                price.vehicle().name(), price.lines(), plan.distanceMeters(), plan.durationSeconds(),
                plan.distanceSource().name(), plan.earliestPickup(), plan.estimatedDropoff());
    }

    public record QuoteView(long priceCents, long riderPayCents, String currency, String policyVersion,
                            String vehicle, List<PriceQuote.Line> lines, int distanceMeters, int durationSeconds,
                            String distanceSource, Instant earliestPickupAt, Instant estimatedDropoffAt) {
    }
}
