package coop.dispatch.rider.rest;

import jakarta.validation.constraints.Size;

/**
 * The optional JSON body of {@code POST /api/v1/jobs/{deliveryId}/deliver}: who took the parcel. A photo is sent
 * instead as {@code multipart/form-data} with the parts {@code photo} and {@code recipientName}.
 */
public record DeliveryProof(@Size(max = 200) String recipientName) {
}
