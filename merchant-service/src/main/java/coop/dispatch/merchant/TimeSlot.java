package coop.dispatch.merchant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * CoopCycle's TimeSlot: the delivery windows a merchant's customers may choose, read in the city's time zone. Shop
 * plugins offer the windows of the opening hours that start at least {@code priorNotice} from now, over the next
 * {@code interval} of days that have any; a requested timeSlot outside them is refused.
 */
@Entity
@Table(name = "time_slot")
public class TimeSlot extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "merchant_id", nullable = false)
    public UUID merchantId;

    /** Order among the merchant's slots; the first is the store's {@code timeSlot}. */
    @Column(nullable = false)
    public int position;

    @Column(nullable = false)
    public String name;

    @Column(name = "interval_minutes", nullable = false)
    public int intervalMinutes;

    @Column(name = "prior_notice_minutes", nullable = false)
    public int priorNoticeMinutes;

    /** JSON: [{"opens": "HH:mm", "closes": "HH:mm", "dayOfWeek": ["Monday", ...]}]. */
    @Column(name = "opening_hours", nullable = false)
    public String openingHours;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
