package coop.dispatch.engine.routing;

import com.graphhopper.GHRequest;
import com.graphhopper.GHResponse;
import com.graphhopper.GraphHopper;
import com.graphhopper.ResponsePath;
import com.graphhopper.config.CHProfile;
import com.graphhopper.config.Profile;
import com.graphhopper.json.Statement;
import com.graphhopper.routing.ev.Subnetwork;
import com.graphhopper.routing.util.DefaultSnapFilter;
import com.graphhopper.routing.util.EdgeFilter;
import com.graphhopper.routing.weighting.Weighting;
import com.graphhopper.storage.index.Snap;
import com.graphhopper.util.Constants;
import com.graphhopper.util.CustomModel;
import com.graphhopper.util.DistancePlaneProjection;
import com.graphhopper.util.GHUtility;
import com.graphhopper.util.PMap;
import com.graphhopper.util.PointList;
import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.Vehicle;
import coop.dispatch.engine.Leg;
import coop.dispatch.engine.TravelTimes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Bike routing on a real OpenStreetMap extract with GraphHopper: one profile per vehicle (bike, e-bike, cargo bike),
 * contraction hierarchies for point-to-point routes, and for "how long does every rider need to reach this pickup"
 * one search backwards from the pickup over a compact copy of the profile's graph ({@link ReverseGraph},
 * {@link PickupSearch}), weighted exactly as GraphHopper weights it. The graph is imported once into its folder and
 * loaded from there afterwards.
 */
public final class BikeRouting implements TravelTimes, AutoCloseable {
    /** Beyond this distance from the nearest usable street a point counts as off the map. */
    public static final double MAX_SNAP_METERS = 500;
    private static final String ENCODED_VALUES = "bike_access, bike_average_speed, bike_priority, bike_road_access, "
            + "foot_road_access, roundabout, mtb_rating, hike_rating, country, road_class, surface, track_type, "
            + "get_off_bike, max_height, max_width";

    private final GraphHopper hopper;
    private final String name;
    private final Map<Vehicle, Weighting> weightings = new EnumMap<>(Vehicle.class);
    private final Map<Vehicle, EdgeFilter> snapFilters = new EnumMap<>(Vehicle.class);
    private final Map<Vehicle, ReverseGraph> reverseGraphs = new EnumMap<>(Vehicle.class);
    private final SnapCache snapCache = new SnapCache(50_000);
    /** Working arrays of pickup searches, kept for the next search; as many as searches ran at once, up to 8. */
    private final BlockingQueue<PickupSearch> searches = new ArrayBlockingQueue<>(8);

    private BikeRouting(GraphHopper hopper, String name) {
        this.hopper = hopper;
        this.name = name;
        for (Vehicle vehicle : Vehicle.values()) {
            Profile profile = hopper.getProfile(profileName(vehicle));
            Weighting weighting = hopper.createWeighting(profile, new PMap());
            weightings.put(vehicle, weighting);
            snapFilters.put(vehicle, new DefaultSnapFilter(weighting,
                    hopper.getEncodingManager().getBooleanEncodedValue(Subnetwork.key(profile.getName()))));
        }
        // Evaluating each profile's weighting on every edge is most of the work: one profile per core, once.
        Arrays.stream(Vehicle.values()).parallel()
                .map(vehicle -> Map.entry(vehicle, reverseGraph(vehicle)))
                .toList()
                .forEach(built -> reverseGraphs.put(built.getKey(), built.getValue()));
    }

    /** The vehicle's pickup search graph, from the graph folder if it was saved there for this very graph. */
    private ReverseGraph reverseGraph(Vehicle vehicle) {
        Path folder = Path.of(hopper.getGraphHopperLocation());
        Path file = folder.resolve("pickup_search_" + profileName(vehicle));
        long fingerprint;
        try {
            fingerprint = Objects.hash(Constants.VERSION, hopper.getBaseGraph().getNodes(),
                    hopper.getBaseGraph().getEdges(), Files.getLastModifiedTime(folder.resolve("edges")).toMillis(),
                    hopper.getProfile(profileName(vehicle)).getCustomModel().toString());
        } catch (IOException e) {
            return ReverseGraph.of(hopper.getBaseGraph(), weightings.get(vehicle));
        }
        ReverseGraph saved = ReverseGraph.load(file, fingerprint);
        if (saved != null && saved.nodes() == hopper.getBaseGraph().getNodes()) {
            return saved;
        }
        ReverseGraph built = ReverseGraph.of(hopper.getBaseGraph(), weightings.get(vehicle));
        try {
            built.save(file, fingerprint);
        } catch (IOException e) {
            // a read-only folder: rebuilt at every start, which only costs time
        }
        return built;
    }

    /**
     * Loads the graph from {@code graphFolder}, importing {@code osmFile} into it first if the folder holds no graph
     * (or a graph of another file or configuration, which GraphHopper refuses: delete the folder then).
     */
    public static BikeRouting load(Path osmFile, Path graphFolder, Consumer<String> progress) {
        if (!Files.isRegularFile(osmFile)) {
            throw new IllegalArgumentException("OSM file not found: " + osmFile.toAbsolutePath());
        }
        boolean imported = Files.isRegularFile(graphFolder.resolve("properties"));
        progress.accept(imported ? "Loading bike graph from " + graphFolder
                : "Importing " + osmFile.getFileName() + " into " + graphFolder + " (once; later starts load it)");
        long started = System.nanoTime();
        GraphHopper hopper = new GraphHopper();
        hopper.setOSMFile(osmFile.toString());
        hopper.setGraphHopperLocation(graphFolder.toString());
        hopper.setEncodedValuesString(ENCODED_VALUES);
        List<Profile> profiles = new ArrayList<>();
        List<CHProfile> chProfiles = new ArrayList<>();
        for (Vehicle vehicle : Vehicle.values()) {
            profiles.add(new Profile(profileName(vehicle)).setCustomModel(customModel(vehicle)));
            chProfiles.add(new CHProfile(profileName(vehicle)));
        }
        hopper.setProfiles(profiles);
        hopper.getCHPreparationHandler().setCHProfiles(chProfiles);
        hopper.importOrLoad();
        long loaded = System.nanoTime();
        BikeRouting routing = new BikeRouting(hopper, mapName(osmFile));
        progress.accept(String.format(Locale.ROOT,
                "Bike graph ready in %.1f s (pickup search graphs %.2f s): %d nodes, %d edges",
                (System.nanoTime() - started) / 1e9, (System.nanoTime() - loaded) / 1e9,
                hopper.getBaseGraph().getNodes(), hopper.getBaseGraph().getEdges()));
        return routing;
    }

    /** "prague-small" for ".../prague-small.osm.pbf". */
    public static String mapName(Path osmFile) {
        return osmFile.getFileName().toString().replaceAll("\\.osm\\.pbf$|\\.pbf$", "");
    }

    public static String profileName(Vehicle vehicle) {
        return vehicle.routingProfile();
    }

    /**
     * bike: GraphHopper's bike model. e-bike: the same ways, a quarter faster, at most 25 km/h (pedelec limit).
     * cargo bike: a fifth slower, never on steps or ways narrower than 1.2 m, reluctant on sand and rough tracks.
     */
    static CustomModel customModel(Vehicle vehicle) {
        CustomModel bike = GHUtility.loadCustomModelFromJar("bike.json");
        return switch (vehicle) {
            case BIKE -> bike;
            case EBIKE -> new CustomModel(bike)
                    .addToSpeed(Statement.If("true", Statement.Op.MULTIPLY, "1.25"))
                    .addToSpeed(Statement.If("true", Statement.Op.LIMIT, "25"));
            case CARGO_BIKE -> CustomModel.merge(bike, GHUtility.loadCustomModelFromJar("cargo_bike.json"))
                    .addToSpeed(Statement.If("true", Statement.Op.MULTIPLY, "0.8"));
        };
    }

    /** The fastest route for the vehicle, by contraction hierarchies. */
    public RouteResult route(GeoPoint from, GeoPoint to, Vehicle vehicle) {
        requireOnMap(from, vehicle, "from");
        requireOnMap(to, vehicle, "to");
        GHResponse response = hopper.route(new GHRequest(from.lat(), from.lon(), to.lat(), to.lon())
                .setProfile(profileName(vehicle)));
        if (response.hasErrors()) {
            throw new OffTheMapException("No " + profileName(vehicle) + " route: "
                    + response.getErrors().get(0).getMessage());
        }
        ResponsePath best = response.getBest();
        PointList line = best.getPoints();
        List<GeoPoint> points = new ArrayList<>(line.size());
        for (int i = 0; i < line.size(); i++) {
            points.add(new GeoPoint(line.getLat(i), line.getLon(i)));
        }
        return new RouteResult(best.getDistance(), Math.round(best.getTime() / 1000.0), points);
    }

    /**
     * Travel to the pickup for every rider at once: one search backwards from the pickup over the vehicle's
     * {@link ReverseGraph}, bounded by the limit and stopped once every rider is answered.
     */
    @Override
    public Map<UUID, Leg> toPickup(GeoPoint pickup, Vehicle vehicle, Map<UUID, GeoPoint> riders, Duration limit) {
        EdgePosition target = position(pickup, vehicle);
        if (target == null || riders.isEmpty()) {
            return Map.of();
        }
        UUID[] ids = new UUID[riders.size()];
        EdgePosition[] positions = new EdgePosition[riders.size()];
        int count = 0;
        for (Map.Entry<UUID, GeoPoint> rider : riders.entrySet()) {
            EdgePosition at = position(rider.getValue(), vehicle);
            if (at != null) {
                ids[count] = rider.getKey();
                positions[count++] = at;
            }
        }
        EdgePosition[] onMap = count == positions.length ? positions : Arrays.copyOf(positions, count);
        PickupSearch search = searches.poll();
        if (search == null) {
            search = new PickupSearch(hopper.getBaseGraph().getNodes());
        }
        try {
            search.run(reverseGraphs.get(vehicle), target, onMap, limit.toMillis());
            Map<UUID, Leg> legs = new HashMap<>(2 * count);
            for (int i = 0; i < count; i++) {
                Leg leg = search.leg(i);
                if (leg != null) {
                    legs.put(ids[i], leg);
                }
            }
            return legs;
        } finally {
            searches.offer(search); // dropped if enough are idle already
        }
    }

    /** Whether the point lies within the bounding box of this map's streets (cheap; says nothing of snapping). */
    public boolean covers(GeoPoint point) {
        return hopper.getBaseGraph().getBounds().contains(point.lat(), point.lon());
    }

    /** The map's name: its OSM file without extension. */
    public String name() {
        return name;
    }

    /** Whether the point is near a street this vehicle may use. */
    public boolean onMap(GeoPoint point, Vehicle vehicle) {
        return position(point, vehicle) != null;
    }

    private void requireOnMap(GeoPoint point, Vehicle vehicle, String name) {
        if (!onMap(point, vehicle)) {
            throw new OffTheMapException(String.format("%s (%.6f, %.6f) is not within %.0f m of a street a %s can use "
                    + "in the loaded map", name, point.lat(), point.lon(), MAX_SNAP_METERS, profileName(vehicle)));
        }
    }

    /**
     * Snapping is costly (the location index evaluates the vehicle's weighting on every nearby edge), while riders
     * and shops stay put between location reports: positions are cached per point and vehicle.
     */
    private EdgePosition position(GeoPoint point, Vehicle vehicle) {
        SnapCache.Key key = new SnapCache.Key(vehicle, point.lat(), point.lon());
        Optional<EdgePosition> cached = snapCache.get(key);
        if (cached == null) {
            Snap s = hopper.getLocationIndex().findClosest(point.lat(), point.lon(), snapFilters.get(vehicle));
            if (s.isValid() && s.getQueryDistance() <= MAX_SNAP_METERS) {
                if (s.getSnappedPoint() == null) {
                    s.calcSnappedPoint(DistancePlaneProjection.DIST_PLANE);
                }
                cached = Optional.of(EdgePosition.of(s, hopper.getBaseGraph(), weightings.get(vehicle)));
            } else {
                cached = Optional.empty();
            }
            snapCache.put(key, cached);
        }
        return cached.orElse(null);
    }

    @Override
    public void close() {
        hopper.close();
    }
}
