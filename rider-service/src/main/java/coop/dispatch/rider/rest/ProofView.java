package coop.dispatch.rider.rest;

import coop.dispatch.rider.Job;
import coop.dispatch.rider.ProofPhoto;

import java.time.Instant;
import java.util.UUID;

/** The proof of a delivery: who took it, and the photo if one was taken (read it at {@code photoUrl}). */
public record ProofView(UUID deliveryId, Instant deliveredAt, String recipientName, Photo photo) {

    public static ProofView of(Job j, ProofPhoto p) {
        return new ProofView(j.deliveryId, j.deliveredAt, j.recipientName, p == null ? null
                : new Photo(p.contentType, p.sizeBytes, p.uploadedAt,
                "/api/v1/jobs/" + j.deliveryId + "/proof/photo"));
    }

    public record Photo(String contentType, int sizeBytes, Instant uploadedAt, String url) {
    }
}
