package coop.dispatch.rider;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The photo a rider took when handing a parcel over: proof of delivery, one per job. */
@Entity
@Table(name = "proof_photo")
public class ProofPhoto extends PanacheEntityBase {
    @Id
    @Column(name = "delivery_id")
    public UUID deliveryId;

    /** Read from the image's first bytes, never taken from the client's word. */
    @Column(name = "content_type", nullable = false)
    public String contentType;

    @Column(name = "size_bytes", nullable = false)
    public int sizeBytes;

    @Column(nullable = false)
    public byte[] content;

    @Column(name = "uploaded_at", nullable = false)
    public Instant uploadedAt;
}
