package coop.dispatch.rider.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.commons.security.Roles;
import coop.dispatch.rider.ProofPhoto;
import coop.dispatch.rider.service.JobService;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.PartType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Set;
import java.util.UUID;

/** The assigned rider reports the parcel collected, then handed over (with proof) or not deliverable. */
@Path("/api/v1/jobs")
@Tag(name = "Jobs")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed(Roles.RIDER)
public class JobResource {
    static final int MAX_RECIPIENT_NAME = 200;

    private final JobService jobs;
    private final CurrentMember me;
    private final SecurityIdentity identity;
    private final ObjectMapper mapper;
    private final Validator validator;

    public JobResource(JobService jobs, CurrentMember me, SecurityIdentity identity, ObjectMapper mapper,
                       Validator validator) {
        this.jobs = jobs;
        this.me = me;
        this.identity = identity;
        this.mapper = mapper;
        this.validator = validator;
    }

    @POST
    @Path("{deliveryId}/pickup")
    @Operation(summary = "You collected the parcel")
    public JobView pickUp(@PathParam("deliveryId") UUID deliveryId) {
        return jobs.pickUp(me.id(), deliveryId);
    }

    /**
     * Without a body, or with a JSON {@link DeliveryProof}. Read by hand: a phone that sends no body often sends no
     * Content-Type either, and this endpoint must take it all the same.
     */
    @POST
    @Path("{deliveryId}/deliver")
    @Operation(summary = "You handed the parcel over; optionally {\"recipientName\": \"...\"} as proof")
    @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DeliveryProof.class)))
    public JobView deliver(@PathParam("deliveryId") UUID deliveryId, byte[] body) throws IOException {
        DeliveryProof proof = body == null || body.length == 0 ? null : mapper.readValue(body, DeliveryProof.class);
        if (proof != null) {
            Set<ConstraintViolation<DeliveryProof>> violations = validator.validate(proof);
            if (!violations.isEmpty()) {
                throw new ConstraintViolationException(violations);
            }
        }
        return jobs.deliver(me.id(), deliveryId, proof == null ? null : proof.recipientName(), null);
    }

    @POST
    @Path("{deliveryId}/deliver")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "You handed the parcel over, with a photo (JPEG, PNG or WebP) and/or the recipient's name")
    public JobView deliverWithPhoto(@PathParam("deliveryId") UUID deliveryId,
                                    @RestForm @PartType(MediaType.TEXT_PLAIN) String recipientName,
                                    @RestForm("photo") FileUpload photo) {
        if (recipientName != null && recipientName.length() > MAX_RECIPIENT_NAME) {
            throw ApiException.badRequest("recipientName: at most " + MAX_RECIPIENT_NAME + " characters");
        }
        return jobs.deliver(me.id(), deliveryId, recipientName, photo == null ? null : read(photo));
    }

    @POST
    @Path("{deliveryId}/fail")
    @Operation(summary = "You could not hand the parcel over; say why (the merchant and dispatch are told)")
    public JobView fail(@PathParam("deliveryId") UUID deliveryId, @NotNull @Valid FailureReport report) {
        return jobs.fail(me.id(), deliveryId, report.reason());
    }

    @GET
    @Path("{deliveryId}/proof")
    @RolesAllowed({Roles.RIDER, Roles.COORDINATOR})
    @Operation(summary = "The proof of a delivery: recipient's name and photo (its rider, or a coordinator)")
    public ProofView proof(@PathParam("deliveryId") UUID deliveryId) {
        return jobs.proof(onlyOwnUnlessCoordinator(), deliveryId);
    }

    @GET
    @Path("{deliveryId}/proof/photo")
    @Produces({"image/jpeg", "image/png", "image/webp", "application/problem+json"})
    @RolesAllowed({Roles.RIDER, Roles.COORDINATOR})
    @Operation(summary = "The photo taken on delivery (its rider, or a coordinator)")
    public Response photo(@PathParam("deliveryId") UUID deliveryId) {
        ProofPhoto p = jobs.photo(onlyOwnUnlessCoordinator(), deliveryId);
        return Response.ok(p.content, p.contentType).header("Cache-Control", "private, max-age=3600").build();
    }

    /** Null for a coordinator, who may read any proof; otherwise the rider, who may read their own. */
    private UUID onlyOwnUnlessCoordinator() {
        return identity.hasRole(Roles.COORDINATOR) ? null : me.id();
    }

    private static byte[] read(FileUpload upload) {
        try {
            return Files.readAllBytes(upload.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
