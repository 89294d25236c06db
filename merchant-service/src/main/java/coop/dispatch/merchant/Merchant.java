package coop.dispatch.merchant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A shop or restaurant that sends deliveries; created by a coordinator. */
@Entity
@Table(name = "merchant")
public class Merchant extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    /** The key of the configured city it delivers in (coop.cities.&lt;key&gt;); fixed at creation. */
    @Column(nullable = false)
    public String city;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
