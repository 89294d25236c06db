package coop.dispatch.merchant.service;

import coop.dispatch.commons.geo.GeoPoints;
import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.commons.problem.Problem;
import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.merchant.ServiceZone;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.transaction.Transactional;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Service zones, managed by coordinators, each in one of the deployment's cities. A delivery is accepted only if its
 * pickup and its dropoff each lie in some zone of its merchant's city (not necessarily the same one). With no zone in
 * that city, nothing is accepted: an empty map would otherwise mean "the whole world" and a shop's typo in a
 * coordinate would send a rider to another continent.
 */
@ApplicationScoped
public class ZoneService {
    static final Duration ZONE_CACHE_TTL = Duration.ofSeconds(5);

    private final Event<ZonesChanged> changed;
    private final Clock clock = Clock.systemUTC();
    private volatile CachedAreas areas;
    private final AtomicBoolean reloading = new AtomicBoolean();

    private final CityDirectory cities;

    public ZoneService(Event<ZonesChanged> changed, CityDirectory cities) {
        this.changed = changed;
        this.cities = cities;
    }

    @Transactional
    public ServiceZone create(String name, String city, MultiPolygon area) {
        ServiceZone z = new ServiceZone();
        z.id = UUID.randomUUID();
        z.name = name.strip();
        z.city = cities.key("city", city);
        z.area = area;
        z.createdAt = clock.instant();
        z.updatedAt = z.createdAt;
        z.persist();
        changed.fire(new ZonesChanged());
        return z;
    }

    @Transactional
    public ServiceZone update(UUID id, String name, String city, MultiPolygon area) {
        ServiceZone z = get(id);
        z.name = name.strip();
        z.city = city == null ? z.city : cities.key("city", city);
        z.area = area;
        z.updatedAt = clock.instant();
        changed.fire(new ZonesChanged());
        return z;
    }

    @Transactional
    public void delete(UUID id) {
        get(id).delete();
        changed.fire(new ZonesChanged());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ServiceZone get(UUID id) {
        ServiceZone z = ServiceZone.findById(id);
        if (z == null) {
            throw ApiException.notFound("Zone", id);
        }
        return z;
    }

    /** Every zone, or those of one city. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ServiceZone> list(String city) {
        return city == null ? ServiceZone.listAll(Sort.by("createdAt"))
                : ServiceZone.list("city", Sort.by("createdAt"), city);
    }

    /** Refuses (422, naming each point outside) unless pickup and dropoff each lie within a zone of the city. */
    public void requireCovered(String city, GeoPoint pickup, GeoPoint dropoff) {
        List<PreparedGeometry> areas = areas().getOrDefault(city, List.of());
        if (areas.isEmpty()) {
            throw new ApiException(422, "No service area configured",
                    "The coop has not configured any service zone in " + cities.name(city) + " yet, so no delivery "
                            + "can be accepted there; a coordinator adds zones with POST /api/v1/zones");
        }
        List<Problem.Violation> outside = new ArrayList<>();
        if (!covered(areas, pickup)) {
            outside.add(new Problem.Violation("pickup.location", "is outside every service zone of " + cities.name(city)
                    + " ("
                    + format(pickup) + ")"));
        }
        if (!covered(areas, dropoff)) {
            outside.add(new Problem.Violation("dropoff.location", "is outside every service zone of "
                    + cities.name(city) + " ("
                    + format(dropoff) + ")"));
        }
        if (!outside.isEmpty()) {
            throw new ApiException(422, "Outside the service area", outside.stream()
                    .map(v -> v.field() + " " + v.message()).reduce((a, b) -> a + "; " + b).orElseThrow()
                    + ". GET /api/v1/zones shows where the coop delivers.", outside);
        }
    }

    private static boolean covered(List<PreparedGeometry> areas, GeoPoint p) {
        Point point = GeoPoints.point(p);
        for (PreparedGeometry area : areas) {
            if (area.covers(point)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The zones, prepared for fast point tests and kept in memory: every delivery and quote checks them, while they
     * change a few times a year. A change made here applies at once; one made by another instance within
     * {@link #ZONE_CACHE_TTL}.
     */
    private Map<String, List<PreparedGeometry>> areas() {
        CachedAreas cached = areas;
        Instant now = clock.instant();
        if (cached == null) {
            cached = load(now);
        } else if (cached.loadedAt().plus(ZONE_CACHE_TTL).isBefore(now) && reloading.compareAndSet(false, true)) {
            // One request reloads; the others meanwhile use the zones they have rather than all reading at once.
            try {
                cached = load(now);
            } finally {
                reloading.set(false);
            }
        }
        return cached.areas();
    }

    private CachedAreas load(Instant now) {
        Map<String, List<PreparedGeometry>> loaded = QuarkusTransaction.requiringNew().call(() -> ServiceZone
                .<ServiceZone>listAll().stream().collect(Collectors.groupingBy(z -> z.city,
                        Collectors.mapping(z -> PreparedGeometryFactory.prepare(z.area), Collectors.toList()))));
        CachedAreas cached = new CachedAreas(now, loaded);
        areas = cached;
        return cached;
    }

    void zonesChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) ZonesChanged event) {
        areas = null;
    }

    record ZonesChanged() {
    }

    private record CachedAreas(Instant loadedAt, Map<String, List<PreparedGeometry>> areas) {
    }

    private static String format(GeoPoint p) {
        return String.format(Locale.ROOT, "lat %.5f, lon %.5f", p.lat(), p.lon());
    }

    public Instant now() {
        return clock.instant();
    }
}
