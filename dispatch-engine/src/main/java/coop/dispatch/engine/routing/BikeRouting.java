package coop.dispatch.engine.routing;

import com.graphhopper.GHRequest;
import com.graphhopper.GHResponse;
import com.graphhopper.GraphHopper;
import com.graphhopper.ResponsePath;
import com.graphhopper.config.CHProfile;
import com.graphhopper.config.Profile;
import com.graphhopper.isochrone.algorithm.ShortestPathTree;
import com.graphhopper.json.Statement;
import com.graphhopper.routing.ev.Subnetwork;
import com.graphhopper.routing.querygraph.QueryGraph;
import com.graphhopper.routing.util.DefaultSnapFilter;
import com.graphhopper.routing.util.EdgeFilter;
import com.graphhopper.routing.util.TraversalMode;
import com.graphhopper.routing.weighting.Weighting;
import com.graphhopper.storage.index.Snap;
import com.graphhopper.util.CustomModel;
import com.graphhopper.util.DistanceCalcEarth;
import com.graphhopper.util.GHUtility;
import com.graphhopper.util.PMap;
import com.graphhopper.util.PointList;
import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.contracts.events.Vehicle;
import coop.dispatch.engine.Leg;
import coop.dispatch.engine.TravelTimes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Bike routing on a real OpenStreetMap extract with GraphHopper: one profile per vehicle (bike, e-bike, cargo bike),
 * contraction hierarchies for point-to-point routes, and a reverse shortest-path tree for "how long does every rider
 * need to reach this pickup". The graph is imported once into its folder and loaded from there afterwards.
 */
public final class BikeRouting implements TravelTimes, AutoCloseable {
    /** Beyond this distance from the nearest usable street a point counts as off the map. */
    public static final double MAX_SNAP_METERS = 500;
    private static final String ENCODED_VALUES = "bike_access, bike_average_speed, bike_priority, bike_road_access, "
            + "foot_road_access, roundabout, mtb_rating, hike_rating, country, road_class, surface, track_type, "
            + "get_off_bike, max_height, max_width";

    private final GraphHopper hopper;
    private final Map<Vehicle, Profile> profiles = new EnumMap<>(Vehicle.class);
    private final Map<Vehicle, Weighting> weightings = new EnumMap<>(Vehicle.class);
    private final Map<Vehicle, EdgeFilter> snapFilters = new EnumMap<>(Vehicle.class);
    private final SnapCache snapCache = new SnapCache(50_000);

    private BikeRouting(GraphHopper hopper) {
        this.hopper = hopper;
        for (Vehicle vehicle : Vehicle.values()) {
            Profile profile = hopper.getProfile(profileName(vehicle));
            Weighting weighting = hopper.createWeighting(profile, new PMap());
            profiles.put(vehicle, profile);
            weightings.put(vehicle, weighting);
            snapFilters.put(vehicle, new DefaultSnapFilter(weighting,
                    hopper.getEncodingManager().getBooleanEncodedValue(Subnetwork.key(profile.getName()))));
        }
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
        progress.accept(String.format("Bike graph ready in %.1f s: %d nodes, %d edges", (System.nanoTime() - started) / 1e9,
                hopper.getBaseGraph().getNodes(), hopper.getBaseGraph().getEdges()));
        return new BikeRouting(hopper);
    }

    public static String profileName(Vehicle vehicle) {
        return switch (vehicle) {
            case BIKE -> "bike";
            case EBIKE -> "ebike";
            case CARGO_BIKE -> "cargo_bike";
        };
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

    /** Travel to the pickup for every rider at once: one reverse shortest-path tree, bounded by the limit. */
    @Override
    public Map<UUID, Leg> toPickup(GeoPoint pickup, Vehicle vehicle, Map<UUID, GeoPoint> riders, Duration limit) {
        Snap target = snap(pickup, vehicle);
        if (target == null || riders.isEmpty()) {
            return Map.of();
        }
        List<Snap> snaps = new ArrayList<>(riders.size() + 1);
        snaps.add(target);
        Map<UUID, Snap> riderSnaps = new HashMap<>();
        riders.forEach((rider, at) -> {
            Snap s = snap(at, vehicle);
            if (s != null) {
                riderSnaps.put(rider, s);
                snaps.add(s);
            }
        });
        // Creating the query graph turns every snap's closest node into the (virtual) node at the snapped point.
        QueryGraph graph = QueryGraph.create(hopper.getBaseGraph(), snaps);
        Map<Integer, List<UUID>> ridersAtNode = new HashMap<>();
        riderSnaps.forEach((rider, s) -> ridersAtNode.computeIfAbsent(s.getClosestNode(), n -> new ArrayList<>())
                .add(rider));
        ShortestPathTree tree = new ShortestPathTree(graph, graph.wrapWeighting(weightings.get(vehicle)), true,
                TraversalMode.NODE_BASED);
        tree.setTimeLimit(limit.toMillis());
        Map<UUID, Leg> legs = new HashMap<>();
        tree.search(target.getClosestNode(), label -> {
            List<UUID> here = ridersAtNode.get(label.node);
            if (here != null) {
                Leg leg = new Leg(label.distance, Math.round(label.time / 1000.0));
                here.forEach(rider -> legs.put(rider, leg));
            }
        });
        return legs;
    }

    /** Whether the point is near a street this vehicle may use. */
    public boolean onMap(GeoPoint point, Vehicle vehicle) {
        return snap(point, vehicle) != null;
    }

    private void requireOnMap(GeoPoint point, Vehicle vehicle, String name) {
        if (!onMap(point, vehicle)) {
            throw new OffTheMapException(String.format("%s (%.6f, %.6f) is not within %.0f m of a street a %s can use "
                    + "in the loaded map", name, point.lat(), point.lon(), MAX_SNAP_METERS, profileName(vehicle)));
        }
    }

    /**
     * Snapping is the costly part of a pickup-time query (the location index evaluates the vehicle's weighting on
     * every nearby edge), while riders and shops stay put between location reports: snaps are cached per point
     * and vehicle. A fresh {@link Snap} is built from the cache each time because a query graph rewrites its snaps.
     */
    private Snap snap(GeoPoint point, Vehicle vehicle) {
        SnapCache.Key key = new SnapCache.Key(vehicle, point.lat(), point.lon());
        SnapCache.Entry cached = snapCache.get(key);
        if (cached == null) {
            Snap s = hopper.getLocationIndex().findClosest(point.lat(), point.lon(), snapFilters.get(vehicle));
            cached = s.isValid() && s.getQueryDistance() <= MAX_SNAP_METERS
                    ? new SnapCache.Entry(s.getClosestEdge().getEdgeKey(), s.getWayIndex(), s.getSnappedPosition(),
                    s.getQueryDistance(), s.getClosestNode())
                    : SnapCache.OFF_THE_MAP;
            snapCache.put(key, cached);
        }
        if (cached == SnapCache.OFF_THE_MAP) {
            return null;
        }
        Snap s = new Snap(point.lat(), point.lon());
        s.setClosestEdge(hopper.getBaseGraph().getEdgeIteratorStateForKey(cached.edgeKey()));
        s.setWayIndex(cached.wayIndex());
        s.setSnappedPosition(cached.position());
        s.setQueryDistance(cached.queryDistance());
        s.setClosestNode(cached.closestNode());
        s.calcSnappedPoint(DistanceCalcEarth.DIST_EARTH);
        return s;
    }

    @Override
    public void close() {
        hopper.close();
    }
}
