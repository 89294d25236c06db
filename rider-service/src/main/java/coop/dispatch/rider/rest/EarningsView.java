package coop.dispatch.rider.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * What a rider earned from delivered jobs, in cents of {@code currency}: today, this week (Monday to Sunday in
 * {@code zone}), each of the last weeks, each shift that started in them, and each job. A job whose delivery carried
 * no price counts in {@code jobs} but not in {@code payCents}, and in {@code unpricedJobs}.
 */
public record EarningsView(String currency, ZoneId zone, Instant asOf, Total today, Total thisWeek,
                           List<Week> weeks, List<ShiftEarnings> shifts, List<JobEarnings> jobs) {

    /** Jobs delivered and their pay; {@code unpricedJobs} of them had no price. */
    public record Total(int jobs, long payCents, int unpricedJobs) {
        public static final Total NONE = new Total(0, 0, 0);

        public Total plus(Long pay) {
            return new Total(jobs + 1, payCents + (pay == null ? 0 : pay), unpricedJobs + (pay == null ? 1 : 0));
        }
    }

    public record Week(LocalDate weekStart, int jobs, long payCents, int unpricedJobs) {
    }

    /** A shift and what it earned; {@code onlineSeconds} so far if the shift is still open. */
    public record ShiftEarnings(UUID shiftId, Instant startedAt, Instant endedAt, long onlineSeconds, int jobs,
                                long payCents, int unpricedJobs) {
    }

    public record JobEarnings(UUID deliveryId, UUID shiftId, Instant deliveredAt, Long payCents) {
    }
}
