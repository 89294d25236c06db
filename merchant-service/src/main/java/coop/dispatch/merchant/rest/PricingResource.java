package coop.dispatch.merchant.rest;

import com.fasterxml.jackson.databind.JsonNode;
import coop.dispatch.commons.security.Roles;
import coop.dispatch.merchant.service.PricingService;
import coop.dispatch.policies.PricingPolicies;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;

/** The pricing policy in force, readable by merchants: prices are explained, not hidden. */
@Path("/api/v1/pricing")
@Tag(name = "Pricing")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed({Roles.MERCHANT, Roles.COORDINATOR})
public class PricingResource {
    private final PricingService pricing;

    public PricingResource(PricingService pricing) {
        this.pricing = pricing;
    }

    @GET
    @Path("policy")
    @Operation(summary = "The pricing policy document in force now (the shipped default until the assembly adopts one)")
    public PolicyView current() {
        return PolicyView.of(pricing.currentEffective());
    }

    @GET
    @Path("policies")
    @Operation(summary = "Every pricing policy version adopted by the rider assembly, oldest effective first")
    public List<PolicyView> adopted() {
        return pricing.adoptedVersions().stream().map(PolicyView::of).toList();
    }

    public record PolicyView(String version, Instant effectiveFrom, String proposalId, JsonNode document) {
        static PolicyView of(PricingService.Effective e) {
            return new PolicyView(e.policy().version(), e.effectiveFrom(), e.proposalId(),
                    PricingPolicies.toJson(e.policy().policy()));
        }
    }
}
