package coop.dispatch.rider;

import coop.dispatch.contracts.events.Vehicle;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A member of the cooperative: a rider, a coordinator, or both. The password is stored only as a bcrypt hash. */
@Entity
@Table(name = "member")
public class Member extends PanacheEntityBase {
    @Id
    public UUID id;

    /** Always lower case, so that "Ana" and "ana" are one account. */
    @Column(nullable = false, unique = true)
    public String username;

    @Column(name = "display_name", nullable = false)
    public String displayName;

    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    public List<String> roles;

    /** What the member rides; null for members who do not ride. */
    @Enumerated(EnumType.STRING)
    public Vehicle vehicle;

    @Column(nullable = false)
    public boolean active;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public static Optional<Member> byUsername(String username) {
        return find("username", username).firstResultOptional();
    }
}
