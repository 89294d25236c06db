package coop.dispatch.rider.assembly.service;

import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.Vehicle;
import coop.dispatch.engine.Decision;
import coop.dispatch.engine.DispatchRules;
import coop.dispatch.engine.FairRotation;
import coop.dispatch.engine.Fairness;
import coop.dispatch.engine.JobRequest;
import coop.dispatch.engine.RiderSnapshot;
import coop.dispatch.engine.StraightLineTravelTimes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;

/**
 * Replays past demand (the deliveries requested, when and where) on the past supply (the riders' shifts) with the
 * dispatch engine's {@link FairRotation} under given rules, and measures how evenly the jobs and the pay would have
 * been shared and how long deliveries would have waited. A simulation, not a record: every rider accepts the first
 * offer at once (so offer timeout and decline rule play no part), travel is the straight line × 1.3 at 15 km/h for
 * every vehicle, a pickup takes 3 minutes and a handover 2. Plain Java, no database.
 */
public final class DispatchReplay {
    static final double SPEED_KMH = 15;
    static final double DETOUR_FACTOR = 1.3;
    static final Duration AT_PICKUP = Duration.ofMinutes(3);
    static final Duration AT_DROPOFF = Duration.ofMinutes(2);
    private static final StraightLineTravelTimes TRAVEL = new StraightLineTravelTimes(SPEED_KMH, DETOUR_FACTOR);
    private static final FairRotation ROTATION = new FairRotation(TRAVEL);

    private DispatchReplay() {
    }

    /** A past shift: the rider was online from {@code start} to {@code end} (null: still online). */
    public record Shift(UUID riderId, Vehicle vehicle, Instant start, Instant end, GeoPoint startLocation) {
    }

    /** A past delivery request. {@code riderPayCents} is what it paid (null counts as 0). */
    public record Demand(UUID deliveryId, Instant requestedAt, GeoPoint pickup, GeoPoint dropoff, int weightGrams,
                         Long riderPayCents) {
    }

    /**
     * What the rules would have done. Gini coefficients: 0 = perfectly even, towards 1 = one rider gets everything;
     * over every rider who was online in the period, those who got no job included.
     */
    public record Figures(String version, String rotationKey, int deliveries, int assigned, int unassignable,
                          int bundled, double meanWaitMinutes, double p90WaitMinutes, double meanPickupMinutes,
                          double p90PickupMinutes, int riders, double giniJobsPerRider, double giniJobsPerOnlineHour,
                          double giniEarningsPerOnlineHour, int minJobsPerRider, int maxJobsPerRider) {
    }

    public static Figures run(List<Demand> demand, List<Shift> shifts, DispatchRules rules, Instant from,
                              Instant to) {
        return new Run(rules, from, to).run(demand, shifts);
    }

    private static final class RiderState {
        final UUID id;
        Vehicle vehicle;
        boolean online;
        GeoPoint location;
        Instant onlineSince;
        Instant waitingSince;
        int activeJobs;
        GeoPoint tripPickup;
        Instant pickupAt;
        GeoPoint lastDropoff;
        Instant busyUntil;
        int trip;
        boolean endsShiftWhenFree;
        int jobsThisShift;
        long earnedThisShift;
        int jobs;
        long earned;
        double onlineSeconds;

        RiderState(UUID id) {
            this.id = id;
        }

        RiderSnapshot snapshot(Instant now) {
            GeoPoint bundle = activeJobs > 0 && now.isBefore(pickupAt) ? tripPickup : null;
            return new RiderSnapshot(id, true, vehicle, location, onlineSince, waitingSince, activeJobs, bundle, false,
                    jobsThisShift, earnedThisShift);
        }
    }

    private enum Type {
        // At one instant: riders come free and start shifts before new requests are dispatched.
        FREE, SHIFT_START, SHIFT_END, REQUEST, DEADLINE
    }

    private record Event(Instant at, Type type, Object subject, int trip) {
    }

    private static final class Run {
        final DispatchRules rules;
        final Instant from;
        final Instant to;
        final Map<UUID, RiderState> riders = new HashMap<>();
        final PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> {
            int byTime = a.at().compareTo(b.at());
            return byTime != 0 ? byTime : a.type().compareTo(b.type());
        });
        final LinkedHashMap<UUID, Demand> waiting = new LinkedHashMap<>();
        final List<Double> waits = new ArrayList<>();
        final List<Double> pickups = new ArrayList<>();
        int unassignable;
        int bundled;

        Run(DispatchRules rules, Instant from, Instant to) {
            this.rules = rules;
            this.from = from;
            this.to = to;
        }

        Figures run(List<Demand> demand, List<Shift> shifts) {
            for (Shift s : shifts) {
                RiderState r = riders.computeIfAbsent(s.riderId(), RiderState::new);
                Instant start = s.start().isBefore(from) ? from : s.start();
                // A shift still open goes on after the period, so requests of its last minutes can still be served.
                Instant end = s.end() == null ? to.plus(Duration.ofDays(1)) : s.end();
                r.onlineSeconds += Math.max(0, Duration.between(start, end.isAfter(to) ? to : end).toSeconds());
                events.add(new Event(start, Type.SHIFT_START, s, 0));
                events.add(new Event(end, Type.SHIFT_END, s, 0));
            }
            for (Demand d : demand) {
                events.add(new Event(d.requestedAt(), Type.REQUEST, d, 0));
                events.add(new Event(d.requestedAt().plus(rules.unassignableAfter()), Type.DEADLINE, d, 0));
            }
            while (!events.isEmpty()) {
                Event e = events.poll();
                apply(e);
                if (events.isEmpty() || events.peek().at().isAfter(e.at())) {
                    dispatch(e.at());
                }
            }
            return figures(demand.size());
        }

        void apply(Event e) {
            switch (e.type()) {
                case SHIFT_START -> {
                    Shift s = (Shift) e.subject();
                    RiderState r = riders.get(s.riderId());
                    r.online = true;
                    r.endsShiftWhenFree = false;
                    r.vehicle = s.vehicle();
                    if (r.activeJobs == 0) {
                        r.location = s.startLocation();
                    }
                    r.onlineSince = e.at();
                    r.waitingSince = e.at();
                    r.jobsThisShift = 0;
                    r.earnedThisShift = 0;
                }
                case SHIFT_END -> {
                    RiderState r = riders.get(((Shift) e.subject()).riderId());
                    if (r.activeJobs > 0) {
                        r.endsShiftWhenFree = true;
                    } else {
                        r.online = false;
                    }
                }
                case FREE -> {
                    RiderState r = (RiderState) e.subject();
                    if (e.trip() == r.trip) {
                        r.activeJobs = 0;
                        r.location = r.lastDropoff;
                        r.waitingSince = e.at();
                        if (r.endsShiftWhenFree) {
                            r.online = false;
                            r.endsShiftWhenFree = false;
                        }
                    }
                }
                case REQUEST -> {
                    Demand d = (Demand) e.subject();
                    waiting.put(d.deliveryId(), d);
                }
                case DEADLINE -> {
                    // Handled after the dispatch round at this instant: a rider may still take it now.
                }
            }
        }

        void dispatch(Instant now) {
            List<RiderSnapshot> online = riders.values().stream()
                    .filter(r -> r.online && !r.endsShiftWhenFree)
                    .map(r -> r.snapshot(now))
                    .toList();
            for (Iterator<Demand> it = waiting.values().iterator(); it.hasNext(); ) {
                Demand d = it.next();
                if (!online.isEmpty()) {
                    Decision decision = ROTATION.decide(new JobRequest(d.deliveryId(), d.pickup(), d.dropoff(),
                            d.weightGrams()), online, Set.of(), rules, now);
                    if (decision.first().isPresent()) {
                        assign(d, decision.first().get(), now);
                        it.remove();
                        online = riders.values().stream()
                                .filter(r -> r.online && !r.endsShiftWhenFree)
                                .map(r -> r.snapshot(now))
                                .toList();
                        continue;
                    }
                }
                if (!now.isBefore(d.requestedAt().plus(rules.unassignableAfter()))) {
                    unassignable++;
                    it.remove();
                }
            }
        }

        void assign(Demand d, Decision.Candidate c, Instant now) {
            RiderState r = riders.get(c.riderId());
            Instant finish;
            if (r.activeJobs == 0) {
                r.pickupAt = now.plusSeconds(c.pickupSeconds());
                r.tripPickup = d.pickup();
                finish = r.pickupAt.plus(AT_PICKUP).plusSeconds(ride(d.pickup(), d.dropoff())).plus(AT_DROPOFF);
            } else {
                bundled++;
                finish = r.busyUntil.plusSeconds(ride(r.lastDropoff, d.dropoff())).plus(AT_DROPOFF);
            }
            r.lastDropoff = d.dropoff();
            r.busyUntil = finish;
            r.activeJobs++;
            r.trip++;
            long pay = d.riderPayCents() == null ? 0 : d.riderPayCents();
            r.jobsThisShift++;
            r.earnedThisShift += pay;
            r.jobs++;
            r.earned += pay;
            events.add(new Event(finish, Type.FREE, r, r.trip));
            waits.add(Duration.between(d.requestedAt(), now).toSeconds() / 60.0);
            pickups.add(c.pickupSeconds() / 60.0);
        }

        static long ride(GeoPoint a, GeoPoint b) {
            return Math.round(StraightLineTravelTimes.haversineMeters(a, b) * DETOUR_FACTOR / (SPEED_KMH / 3.6));
        }

        Figures figures(int deliveries) {
            Collection<RiderState> all = riders.values();
            double[] jobs = all.stream().mapToDouble(r -> r.jobs).toArray();
            double[] jobsPerHour = all.stream().filter(r -> r.onlineSeconds > 0)
                    .mapToDouble(r -> r.jobs / (r.onlineSeconds / 3600.0)).toArray();
            double[] payPerHour = all.stream().filter(r -> r.onlineSeconds > 0)
                    .mapToDouble(r -> r.earned / (r.onlineSeconds / 3600.0)).toArray();
            return new Figures(rules.version(), rules.rotationKey().name(), deliveries, waits.size(), unassignable,
                    bundled, round(mean(waits)), round(p90(waits)), round(mean(pickups)), round(p90(pickups)),
                    all.size(), round3(Fairness.gini(jobs)), round3(Fairness.gini(jobsPerHour)),
                    round3(Fairness.gini(payPerHour)), (int) Arrays.stream(jobs).min().orElse(0),
                    (int) Arrays.stream(jobs).max().orElse(0));
        }

        static double mean(List<Double> values) {
            return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        }

        static double p90(List<Double> values) {
            if (values.isEmpty()) {
                return 0;
            }
            double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return sorted[Math.max(0, (int) Math.ceil(0.9 * sorted.length) - 1)];
        }

        static double round(double v) {
            return Math.round(v * 10) / 10.0;
        }

        static double round3(double v) {
            return Math.round(v * 1000) / 1000.0;
        }
    }
}
