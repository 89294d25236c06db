package coop.dispatch.rider.service;

import coop.dispatch.commons.geo.GeoPoints;
import coop.dispatch.commons.geo.Location;
import coop.dispatch.commons.outbox.Outbox;
import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.contracts.Topics;
import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.RiderLocation;
import coop.dispatch.contracts.events.RiderOffline;
import coop.dispatch.contracts.events.RiderOnline;
import coop.dispatch.rider.Job;
import coop.dispatch.rider.JobStatus;
import coop.dispatch.rider.Member;
import coop.dispatch.rider.Shift;
import coop.dispatch.rider.config.LocationConfig;
import coop.dispatch.rider.rest.LocationReceipt;
import coop.dispatch.rider.rest.LocationReport;
import coop.dispatch.rider.rest.ShiftView;
import coop.dispatch.rider.rest.TrailPoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Riders going online and offline, and where they are while online; each change is announced on rider-status. */
@ApplicationScoped
public class ShiftService {
    private final MemberService members;
    private final Outbox outbox;
    private final LocationTrail trail;
    private final LocationConfig locationConfig;
    private final Clock clock = Clock.systemUTC();

    public ShiftService(MemberService members, Outbox outbox, LocationTrail trail, LocationConfig locationConfig) {
        this.members = members;
        this.outbox = outbox;
        this.trail = trail;
        this.locationConfig = locationConfig;
    }

    /** Starts a shift, or returns the open one unchanged: a phone retrying after a lost answer is harmless. */
    @Transactional
    public StartedShift start(UUID riderId, Location location) {
        Member rider = members.lockActiveMember(riderId);
        Optional<Shift> open = Shift.openOf(riderId);
        if (open.isPresent()) {
            return new StartedShift(ShiftView.of(open.get()), false);
        }
        if (rider.vehicle == null) {
            throw ApiException.conflict("You have no vehicle on record; a coordinator must set one first");
        }
        Instant now = clock.instant();
        Shift s = new Shift();
        s.id = UUID.randomUUID();
        s.riderId = riderId;
        s.vehicle = rider.vehicle;
        s.startedAt = now;
        s.startLocation = GeoPoints.point(location.lat(), location.lon());
        s.lastLocation = s.startLocation;
        s.lastLocationAt = now;
        s.persist();
        outbox.publish(Topics.RIDER_STATUS, riderId.toString(),
                new RiderOnline(riderId, s.vehicle, location.toGeoPoint(), now));
        return new StartedShift(ShiftView.of(s), true);
    }

    /** Ends the open shift; false if the rider was not online. A rider carrying a job must finish it first. */
    @Transactional
    public boolean end(UUID riderId) {
        members.lockActiveMember(riderId);
        Optional<Shift> open = Shift.openOf(riderId);
        if (open.isEmpty()) {
            return false;
        }
        Optional<Job> active = Job.<Job>find("riderId = ?1 and status in ?2", riderId, JobStatus.ACTIVE)
                .firstResultOptional();
        if (active.isPresent()) {
            throw ApiException.conflict("Delivery " + active.get().deliveryId + " is " + active.get().status
                    + ": finish it before going offline");
        }
        Instant now = clock.instant();
        open.get().endedAt = now;
        outbox.publish(Topics.RIDER_STATUS, riderId.toString(), new RiderOffline(riderId, now));
        return true;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ShiftView> openShift(UUID riderId) {
        return Shift.openOf(riderId).map(ShiftView::of);
    }

    /**
     * Records where an online rider is: every point goes to the rider's trail (kept for the retention limit only),
     * the latest is the shift's last location and is announced to dispatch. Reports are taken in the order they
     * arrive: phone clocks are only compared within one report, never with the server's. Offline, nothing is kept.
     */
    @Transactional
    public LocationReceipt report(UUID riderId, List<LocationReport.Fix> points) {
        Instant now = clock.instant();
        LocationReport.Fix latest = null;
        Instant latestAt = null;
        List<Instant> times = new ArrayList<>(points.size());
        for (LocationReport.Fix fix : points) {
            // A phone's clock may run ahead; a position is never newer than the moment it reached us.
            Instant at = fix.at() == null || fix.at().isAfter(now) ? now : fix.at();
            times.add(at);
            if (latestAt == null || !at.isBefore(latestAt)) {
                latest = fix;
                latestAt = at;
            }
        }
        Outbox.Row announcement = outbox.row(Topics.RIDER_STATUS, riderId.toString(),
                new RiderLocation(riderId, new GeoPoint(latest.lat(), latest.lon()), latestAt), now);
        Optional<UUID> stored = trail.storeOnOpenShift(riderId, points, times, latest, latestAt, now, announcement);
        UUID shiftId = stored.orElseThrow(() ->
                ApiException.conflict("You are offline: go online before sending locations"));
        return new LocationReceipt(points.size(), new TrailPoint(shiftId, latest.lat(), latest.lon(), latestAt, now),
                now.plus(locationConfig.retention()));
    }

    /** The shift, and whether this call started it (201) or found it already open (200). */
    public record StartedShift(ShiftView shift, boolean started) {
    }
}
