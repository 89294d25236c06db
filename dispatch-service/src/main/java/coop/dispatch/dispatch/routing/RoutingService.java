package coop.dispatch.dispatch.routing;

import coop.dispatch.dispatch.config.DispatchConfig;
import coop.dispatch.engine.StraightLineTravelTimes;
import coop.dispatch.engine.TravelTimes;
import coop.dispatch.engine.routing.BikeRouting;
import coop.dispatch.engine.routing.RoutingMaps;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * GraphHopper bike routing over the configured OSM extracts (one per city the deployment serves), loaded (or
 * imported, the first time) in the background at start-up; readiness stays DOWN and dispatch waits until every map is
 * loaded. Without an extract configured, travel times are straight lines × a detour factor and the routing API
 * answers 503.
 */
@ApplicationScoped
public class RoutingService {
    private static final Logger LOG = Logger.getLogger(RoutingService.class);

    private final DispatchConfig.Routing config;
    private final StraightLineTravelTimes straightLines;
    private final List<String> files;
    private volatile RoutingMaps routing;
    private volatile String failure;
    private volatile String loading;

    public RoutingService(DispatchConfig config) {
        this.config = config.routing();
        this.straightLines = new StraightLineTravelTimes(this.config.speedKmh(), this.config.detourFactor());
        this.files = this.config.osmFile().orElse(List.of()).stream().map(String::strip).filter(f -> !f.isEmpty())
                .toList();
    }

    void start(@Observes StartupEvent event) {
        if (files.isEmpty()) {
            LOG.warn("No coop.dispatch.routing.osm-file configured: travel times are straight lines");
        } else {
            CompletableFuture.runAsync(this::load);
        }
    }

    private void load() {
        List<BikeRouting> maps = new ArrayList<>();
        for (String file : files) {
            Path osm = Path.of(file);
            loading = file;
            try {
                maps.add(BikeRouting.load(osm, Path.of(config.graphFolder()).resolve(BikeRouting.mapName(osm)),
                        LOG::info));
            } catch (RuntimeException e) {
                failure = osm + ": " + e.getMessage();
                LOG.error("Bike routing could not be loaded from " + osm, e);
                maps.forEach(BikeRouting::close);
                return;
            }
        }
        routing = new RoutingMaps(maps);
    }

    void stop(@Observes ShutdownEvent event) {
        if (routing != null) {
            routing.close();
        }
    }

    /** Whether dispatch can decide: every map is loaded, or none is configured. */
    public boolean ready() {
        return routing != null || files.isEmpty();
    }

    public Optional<RoutingMaps> routing() {
        return Optional.ofNullable(routing);
    }

    /** Straight lines × the detour factor at the configured speed: where no map answers, and for rough estimates. */
    public StraightLineTravelTimes straightLines() {
        return straightLines;
    }

    public TravelTimes travelTimes() {
        RoutingMaps loaded = routing;
        return loaded != null ? loaded : straightLines;
    }

    public String state() {
        if (routing != null) {
            return "loaded " + routing.names();
        }
        if (failure != null) {
            return "failed: " + failure;
        }
        return files.isEmpty() ? "no map: straight-line travel times" : "loading " + loading;
    }
}
