package coop.dispatch.rider.assembly.service;

import com.fasterxml.jackson.databind.JsonNode;
import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.Vehicle;
import coop.dispatch.engine.DeclineRule;
import coop.dispatch.engine.DispatchRules;
import coop.dispatch.engine.RotationKey;
import coop.dispatch.policies.AssemblyRules;
import coop.dispatch.policies.CompiledPricingPolicy;
import coop.dispatch.policies.PricingPolicies;
import coop.dispatch.rider.assembly.PolicyKind;
import coop.dispatch.rider.assembly.PolicyVersion;
import coop.dispatch.rider.assembly.Proposal;
import coop.dispatch.rider.assembly.ProposalStatus;
import coop.dispatch.rider.assembly.config.AssemblyConfig;
import coop.dispatch.rider.assembly.rest.ImpactView;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Impact previews of proposals. A preview is kept for a minute (every member opening the proposal would otherwise
 * replay 30 days of deliveries again), and recomputed at once when new deliveries arrived or another version was
 * adopted meanwhile. The pricing preview takes its deliveries, and their prices under the current version, from
 * {@link ReplaySamples}, which keeps both between previews: each preview prices only the proposal.
 */
@ApplicationScoped
public class ImpactService {
    private static final Logger LOG = Logger.getLogger(ImpactService.class);
    static final int MAX_PRICING_DELIVERIES = 500_000;
    private static final int RECENT_DECISIONS = 50;

    private final EntityManager em;
    private final PolicyVersions versions;
    private final DeliverySamples samples;
    private final ReplaySamples replaySamples;
    private final AssemblyConfig config;
    private final Clock clock = Clock.systemUTC();
    private final Map<UUID, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, CompiledPricingPolicy> compiledPricing = new ConcurrentHashMap<>();
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "impact-preview-preparation");
        t.setDaemon(true);
        return t;
    });

    public ImpactService(EntityManager em, PolicyVersions versions, DeliverySamples samples,
                         ReplaySamples replaySamples, AssemblyConfig config) {
        this.em = em;
        this.versions = versions;
        this.samples = samples;
        this.replaySamples = replaySamples;
        this.config = config;
    }

    private record Cached(String fingerprint, Instant until, ImpactView view) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ImpactView impact(Proposal p) {
        Instant now = clock.instant();
        PolicyKind kind = p.policyKind();
        PolicyVersion against = p.status == ProposalStatus.OPEN ? versions.latest(kind)
                : versions.version(kind, p.baseVersionNo).orElseThrow();
        Duration period = kind == PolicyKind.DISPATCH ? config.dispatchReplayPeriod() : config.pricingReplayPeriod();
        Instant from = now.minus(period);
        boolean caching = caching();
        // Without the cache (tests, benchmarks) the fingerprint query would only add to every preview.
        String fingerprint = !caching ? null : against.version + "|" + (kind == PolicyKind.ASSEMBLY ? decidedCount()
                : samples.fingerprint(from, now));
        Cached cached = caching ? cache.get(p.id) : null;
        if (cached != null && cached.fingerprint().equals(fingerprint) && now.isBefore(cached.until())) {
            return cached.view();
        }
        long started = System.nanoTime();
        ImpactView view = switch (kind) {
            case PRICING -> pricing(p, against, from, now, started);
            case DISPATCH -> dispatch(p, against, from, now, started);
            case ASSEMBLY -> assembly(p, against, now, started);
        };
        if (caching) {
            cache.put(p.id, new Cached(fingerprint, now.plus(config.impactCacheTime()), view));
            cache.values().removeIf(c -> c.until().isBefore(now));
        }
        return view;
    }

    /**
     * As soon as a pricing proposal opens, in the background (with {@code coop.assembly.warm-up}): compiles it,
     * brings the kept deliveries and the current version's prices up to date, and with the preview cache on computes
     * the preview itself, so that the first member who opens the proposal finds it ready or nearly.
     */
    public void prepare(Proposal p) {
        if (!config.warmUp() || p.policyKind() != PolicyKind.PRICING) {
            return;
        }
        background.execute(() -> {
            try {
                long started = System.nanoTime();
                QuarkusTransaction.requiringNew().run(() -> {
                    if (caching()) {
                        impact(p);
                    } else {
                        compiledProposal(p);
                        if (config.impactKeepSamples()) {
                            Instant now = clock.instant();
                            replaySamples.pricing(now.minus(config.pricingReplayPeriod()), now,
                                    MAX_PRICING_DELIVERIES, compiledVersion(versions.latest(PolicyKind.PRICING)));
                        }
                    }
                });
                LOG.debugf("Pricing preview of %s prepared in %d ms", p.id, millisSince(started));
            } catch (RuntimeException e) {
                LOG.debugf("Pricing preview of %s not prepared: %s", p.id, e.getMessage());
            }
        });
    }

    @PreDestroy
    void stop() {
        background.shutdownNow();
    }

    private boolean caching() {
        return !config.impactCacheTime().isZero() && !config.impactCacheTime().isNegative();
    }

    /** The newest adopted pricing version, compiled (once, kept with the others) as previews compare against it. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public CompiledPricingPolicy latestPricing() {
        return compiledVersion(versions.latest(PolicyKind.PRICING));
    }

    private CompiledPricingPolicy compiledVersion(PolicyVersion version) {
        return compiled("version " + version.version, () -> PricingPolicies.compile(versions.read(version.document)));
    }

    private ImpactView pricing(Proposal p, PolicyVersion against, Instant from, Instant to, long started) {
        CompiledPricingPolicy current = compiledVersion(against);
        CompiledPricingPolicy proposed = compiledProposal(p);
        ReplaySamples.Window window = replaySamples.pricing(from, to, MAX_PRICING_DELIVERIES, current);
        List<String> assumptions = List.of(
                "Distances are the straight line between pickup and dropoff × " + PricingReplay.DETOUR_FACTOR
                        + ": the bike route length of past deliveries is not stored. Current and proposed prices "
                        + "are both computed this way, so they compare fairly; the recorded prices used the routed "
                        + "distance and may differ.",
                "Parcel sizes are not known (the delivery events carry weight only): no size surcharge, one "
                        + "package per delivery.",
                "Time-of-day and weekday rules use the time each delivery was requested.");
        if (window.deliveries().size() == 0) {
            return new ImpactView(p.id, p.kind, false, "No delivery was requested in the last "
                    + config.pricingReplayPeriod().toDays() + " days: nothing to replay yet.", against.version, from,
                    to, assumptions, null, null, null, millisSince(started), to);
        }
        long compared = System.nanoTime();
        PricingReplay.Result result = PricingReplay.compare(window.deliveries(), window.current(),
                PricingReplay.price(window.deliveries(), proposed));
        LOG.debugf("Pricing preview of %s: %d deliveries read in %d ms, priced with %s in %d ms (%d prices kept "
                        + "from before), priced with the proposal and compared in %d ms", p.id,
                window.deliveries().size(), window.readMillis(), current.version(), window.pricedMillis(),
                window.reused(), millisSince(compared));
        return new ImpactView(p.id, p.kind, true, null, against.version, from, to, assumptions, result, null, null,
                millisSince(started), to);
    }

    private CompiledPricingPolicy compiledProposal(Proposal p) {
        return compiled("proposal " + p.id, () -> PricingPolicies.compile(
                versions.named(PolicyKind.PRICING, versions.read(p.document), "proposed")));
    }

    /**
     * Adopted versions and proposals never change, so each is compiled (and validated on its sample deliveries) once.
     */
    private CompiledPricingPolicy compiled(String key, Supplier<CompiledPricingPolicy> compile) {
        if (compiledPricing.size() > 500) {
            compiledPricing.clear();
        }
        return compiledPricing.computeIfAbsent(key, k -> compile.get());
    }

    private ImpactView dispatch(Proposal p, PolicyVersion against, Instant from, Instant to, long started) {
        List<DispatchReplay.Demand> demand = samples.between(from, to, config.dispatchReplayMaxDeliveries()).stream()
                .map(s -> new DispatchReplay.Demand(s.deliveryId(), s.requestedAt(), s.pickup(), s.dropoff(),
                        s.weightGrams(), s.riderPayCents()))
                .toList();
        List<DispatchReplay.Shift> shifts = shifts(from, to);
        List<String> assumptions = List.of(
                "The deliveries requested and the riders' shifts of the last " + config.dispatchReplayPeriod().toDays()
                        + " days, replayed with the dispatch engine's fair rotation under each rule set.",
                "Every rider accepts the first offer at once, so the offer timeout and the decline rule do not show "
                        + "in these figures.",
                "Travel: straight line × " + DispatchReplay.DETOUR_FACTOR + " at " + (int) DispatchReplay.SPEED_KMH
                        + " km/h for every vehicle; 3 minutes at the pickup, 2 at the dropoff.",
                "Earnings are the rider pay each delivery carried when it was requested.");
        if (demand.isEmpty() || shifts.isEmpty()) {
            return new ImpactView(p.id, p.kind, false, demand.isEmpty()
                    ? "No delivery was requested in the period: nothing to replay yet."
                    : "No rider was on shift in the period: nothing to replay yet.", against.version, from, to,
                    assumptions, null, null, null, millisSince(started), to);
        }
        DispatchRules current = rules(against.version, versions.read(against.document));
        DispatchRules proposed = rules("proposed", versions.read(p.document));
        ImpactView.Dispatch figures = new ImpactView.Dispatch(shifts.size(),
                DispatchReplay.run(demand, shifts, current, from, to),
                DispatchReplay.run(demand, shifts, proposed, from, to));
        return new ImpactView(p.id, p.kind, true, null, against.version, from, to, assumptions, null, figures, null,
                millisSince(started), to);
    }

    private ImpactView assembly(Proposal p, PolicyVersion against, Instant now, long started) {
        AssemblyRules proposed = AssemblyRules.parse(versions.read(p.document));
        List<Proposal> decided = Proposal.<Proposal>find("status <> ?1 and id <> ?2", Sort.descending("closedAt"),
                ProposalStatus.OPEN, p.id).page(0, RECENT_DECISIONS).list();
        List<ImpactView.Outcome> outcomes = new ArrayList<>();
        for (Proposal d : decided) {
            AssemblyRules.Tally t = proposed.tally(d.kind, d.yes, d.no, d.abstain, d.eligibleVoters);
            outcomes.add(new ImpactView.Outcome(d.id, d.kind, d.closedAt, d.status == ProposalStatus.ADOPTED,
                    t.adopted(), t.reason()));
        }
        int changed = (int) outcomes.stream().filter(o -> o.adopted() != o.wouldBeAdopted()).count();
        List<String> assumptions = List.of("The " + decided.size() + " most recently decided proposals, counted "
                + "again with the proposed rules and the ballots and active members they had; the voting period "
                + "and the effective delay change nothing in a count.");
        return new ImpactView(p.id, p.kind, !decided.isEmpty(), decided.isEmpty()
                ? "No proposal has been decided yet: nothing to count again." : null, against.version, null, now,
                assumptions, null, null, new ImpactView.Assembly(decided.size(), changed, outcomes),
                millisSince(started), now);
    }

    private long decidedCount() {
        return Proposal.count("status <> ?1", ProposalStatus.OPEN);
    }

    /** The riders' shifts that overlap the period (rider-service's own shift records, read only). */
    @SuppressWarnings("unchecked")
    List<DispatchReplay.Shift> shifts(Instant from, Instant to) {
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT rider_id, vehicle, started_at, ended_at, ST_Y(start_location), ST_X(start_location)
                        FROM shift WHERE started_at < ?2 AND (ended_at IS NULL OR ended_at > ?1)
                        ORDER BY started_at""")
                .setParameter(1, from)
                .setParameter(2, to)
                .getResultList();
        List<DispatchReplay.Shift> shifts = new ArrayList<>();
        for (Object[] r : rows) {
            shifts.add(new DispatchReplay.Shift((UUID) r[0], Vehicle.valueOf((String) r[1]),
                    DeliverySamples.instant(r[2]), r[3] == null ? null : DeliverySamples.instant(r[3]),
                    new GeoPoint(((Number) r[4]).doubleValue(), ((Number) r[5]).doubleValue())));
        }
        return shifts;
    }

    /** The engine's rules from a (validated) dispatch document. */
    static DispatchRules rules(String version, JsonNode d) {
        Map<Vehicle, Integer> weights = new EnumMap<>(Vehicle.class);
        d.get("maxWeightGrams").fields().forEachRemaining(f -> weights.put(Vehicle.valueOf(f.getKey()),
                f.getValue().asInt()));
        return new DispatchRules(version, RotationKey.valueOf(d.get("rotationKey").asText()),
                Duration.ofSeconds(Math.round(d.get("maxPickupMinutes").asDouble() * 60)),
                Duration.ofSeconds(d.get("offerTimeoutSeconds").asLong()),
                DeclineRule.valueOf(d.get("declineRule").asText()), d.get("bundleLimit").asInt(),
                d.get("bundleRadiusMeters").asDouble(),
                Duration.ofMinutes(d.get("unassignableAfterMinutes").asLong()), weights);
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
