package coop.dispatch.dispatch.routing;

import coop.dispatch.dispatch.config.DispatchConfig;
import coop.dispatch.engine.StraightLineTravelTimes;
import coop.dispatch.engine.TravelTimes;
import coop.dispatch.engine.routing.BikeRouting;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * GraphHopper bike routing over the configured OSM extract, loaded (or imported, the first time) in the background
 * at start-up; readiness stays DOWN and dispatch waits until it is loaded. Without an extract configured, travel
 * times are straight lines × a detour factor and the routing API answers 503.
 */
@ApplicationScoped
public class RoutingService {
    private static final Logger LOG = Logger.getLogger(RoutingService.class);

    private final DispatchConfig.Routing config;
    private final TravelTimes straightLines;
    private volatile BikeRouting routing;
    private volatile String failure;

    public RoutingService(DispatchConfig config) {
        this.config = config.routing();
        this.straightLines = new StraightLineTravelTimes(this.config.speedKmh(), this.config.detourFactor());
    }

    void start(@Observes StartupEvent event) {
        config.osmFile().ifPresentOrElse(osm -> CompletableFuture.runAsync(() -> load(Path.of(osm))),
                () -> LOG.warn("No coop.dispatch.routing.osm-file configured: travel times are straight lines"));
    }

    private void load(Path osm) {
        try {
            String name = osm.getFileName().toString().replaceAll("\\.osm\\.pbf$|\\.pbf$", "");
            routing = BikeRouting.load(osm, Path.of(config.graphFolder()).resolve(name), LOG::info);
        } catch (RuntimeException e) {
            failure = e.getMessage();
            LOG.error("Bike routing could not be loaded from " + osm, e);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (routing != null) {
            routing.close();
        }
    }

    /** Whether dispatch can decide: the map is loaded, or none is configured. */
    public boolean ready() {
        return routing != null || config.osmFile().isEmpty();
    }

    public Optional<BikeRouting> routing() {
        return Optional.ofNullable(routing);
    }

    public TravelTimes travelTimes() {
        BikeRouting loaded = routing;
        return loaded != null ? loaded : straightLines;
    }

    public String state() {
        if (routing != null) {
            return "loaded " + config.osmFile().orElseThrow();
        }
        if (failure != null) {
            return "failed: " + failure;
        }
        return config.osmFile().map(f -> "loading " + f).orElse("no map: straight-line travel times");
    }
}
