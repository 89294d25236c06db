package coop.dispatch.engine;

import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.Vehicle;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * What the dispatcher knows of a rider when it decides.
 *
 * @param waitingSince  when the rider last became free (shift start or end of the last job)
 * @param activeJobs    jobs assigned and not yet delivered
 * @param bundlePickup  where the rider's active, not yet collected jobs are picked up (null if none): another
 *                      order from the same place may be added to the trip, up to the bundle limit
 * @param jobsThisShift deliveries completed or assigned since the shift started
 * @param earnedCents   pay earned since the shift started
 */
public record RiderSnapshot(UUID riderId, boolean online, Vehicle vehicle, GeoPoint location, Instant onlineSince,
                            Instant waitingSince, int activeJobs, GeoPoint bundlePickup, boolean hasOpenOffer,
                            int jobsThisShift, long earnedCents) {

    /** A free rider with no history this shift: the common case in tests and replays. */
    public static RiderSnapshot free(UUID riderId, Vehicle vehicle, GeoPoint location, Instant since) {
        return new RiderSnapshot(riderId, true, vehicle, location, since, since, 0, null, false, 0, 0);
    }

    /** Pay per online hour so far; the first quarter hour counts as a quarter hour, so newcomers are not infinite. */
    public double earningsPerHour(Instant now) {
        double hours = Math.max(Duration.between(onlineSince == null ? now : onlineSince, now).toSeconds(), 900)
                / 3600.0;
        return earnedCents / hours;
    }
}
