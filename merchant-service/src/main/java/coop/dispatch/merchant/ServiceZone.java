package coop.dispatch.merchant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.locationtech.jts.geom.MultiPolygon;

import java.time.Instant;
import java.util.UUID;

/** An area the coop serves in one city; a delivery's pickup and dropoff must each lie in a zone of its merchant's city. */
@Entity
@Table(name = "service_zone")
public class ServiceZone extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    /** The key of a configured city (coop.cities.&lt;key&gt;). */
    @Column(nullable = false)
    public String city;

    @Column(nullable = false, columnDefinition = "geometry(MultiPolygon,4326)")
    public MultiPolygon area;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;
}
