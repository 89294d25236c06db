package coop.dispatch.rider.service;

import coop.dispatch.rider.Job;
import coop.dispatch.rider.JobStatus;
import coop.dispatch.rider.Shift;
import coop.dispatch.rider.config.EarningsConfig;
import coop.dispatch.rider.rest.EarningsView;
import coop.dispatch.rider.rest.EarningsView.JobEarnings;
import coop.dispatch.rider.rest.EarningsView.ShiftEarnings;
import coop.dispatch.rider.rest.EarningsView.Total;
import coop.dispatch.rider.rest.EarningsView.Week;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A rider's earnings, counted from the pay of the jobs they delivered (the pay each offer carried, as fixed by the
 * pricing policy in force when the merchant asked). Failed jobs earn nothing here; what they earn is the assembly's
 * pricing policy to decide, not this service's.
 */
@ApplicationScoped
public class EarningsService {
    private final EarningsConfig config;
    private final Clock clock = Clock.systemUTC();

    public EarningsService(EarningsConfig config) {
        this.config = config;
    }

    /** Today, this week and the last {@code weeks} weeks (this one included), by shift and by job. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public EarningsView earnings(UUID riderId, int weeks) {
        ZoneId zone = config.zone();
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, zone);
        LocalDate thisWeek = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate firstWeek = thisWeek.minusWeeks(weeks - 1L);
        Instant from = firstWeek.atStartOfDay(zone).toInstant();
        Instant todayStart = today.atStartOfDay(zone).toInstant();

        List<Job> delivered = Job.list("riderId = ?1 and status = ?2 and deliveredAt >= ?3",
                Sort.descending("deliveredAt"), riderId, JobStatus.DELIVERED, from);
        List<Shift> shifts = Shift.list("riderId = ?1 and (startedAt >= ?2 or endedAt is null or endedAt >= ?2)",
                Sort.descending("startedAt"), riderId, from);

        Total todayTotal = Total.NONE;
        Map<LocalDate, Total> byWeek = new TreeMap<>();
        for (int w = 0; w < weeks; w++) {
            byWeek.put(firstWeek.plusWeeks(w), Total.NONE);
        }
        Map<UUID, Total> byShift = new HashMap<>();
        List<JobEarnings> jobs = new ArrayList<>();
        for (Job j : delivered) {
            LocalDate week = LocalDate.ofInstant(j.deliveredAt, zone).with(TemporalAdjusters.previousOrSame(
                    DayOfWeek.MONDAY));
            byWeek.merge(week, Total.NONE.plus(j.riderPayCents), EarningsService::sum);
            if (!j.deliveredAt.isBefore(todayStart)) {
                todayTotal = todayTotal.plus(j.riderPayCents);
            }
            if (j.shiftId != null) {
                byShift.merge(j.shiftId, Total.NONE.plus(j.riderPayCents), EarningsService::sum);
            }
            jobs.add(new JobEarnings(j.deliveryId, j.shiftId, j.deliveredAt, j.riderPayCents));
        }

        List<ShiftEarnings> shiftEarnings = shifts.stream().map(s -> {
            Total t = byShift.getOrDefault(s.id, Total.NONE);
            long online = Duration.between(s.startedAt, s.endedAt == null ? now : s.endedAt).toSeconds();
            return new ShiftEarnings(s.id, s.startedAt, s.endedAt, online, t.jobs(), t.payCents(), t.unpricedJobs());
        }).toList();
        List<Week> weekList = byWeek.entrySet().stream()
                .sorted(Map.Entry.<LocalDate, Total>comparingByKey().reversed())
                .map(e -> new Week(e.getKey(), e.getValue().jobs(), e.getValue().payCents(),
                        e.getValue().unpricedJobs()))
                .toList();
        Total weekTotal = byWeek.get(thisWeek);
        return new EarningsView(config.currency(), zone, now, todayTotal, weekTotal, weekList, shiftEarnings, jobs);
    }

    private static Total sum(Total a, Total b) {
        return new Total(a.jobs() + b.jobs(), a.payCents() + b.payCents(), a.unpricedJobs() + b.unpricedJobs());
    }
}
