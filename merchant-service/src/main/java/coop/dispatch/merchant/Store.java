package coop.dispatch.merchant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A merchant's shop: where riders collect its parcels when a CoopCycle-shaped request names no pickup address (the
 * WooCommerce plugin never does). One per merchant; CoopCycle's {@code /api/stores/{id}} uses the merchant's id.
 */
@Entity
@Table(name = "store")
public class Store extends PanacheEntityBase {
    @Id
    @Column(name = "merchant_id")
    public UUID merchantId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String address;

    @Column(nullable = false)
    public double lat;

    @Column(nullable = false)
    public double lon;

    public String telephone;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
