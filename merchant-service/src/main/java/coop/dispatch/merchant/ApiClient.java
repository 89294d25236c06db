package coop.dispatch.merchant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** OAuth2 client credentials of a merchant's system. The secret is stored only as a bcrypt hash. */
@Entity
@Table(name = "api_client")
public class ApiClient extends PanacheEntityBase {
    @Id
    @Column(name = "client_id")
    public String clientId;

    @Column(name = "merchant_id", nullable = false)
    public UUID merchantId;

    @Column(nullable = false)
    public String name;

    @Column(name = "secret_hash", nullable = false)
    public String secretHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    public boolean active() {
        return revokedAt == null;
    }
}
