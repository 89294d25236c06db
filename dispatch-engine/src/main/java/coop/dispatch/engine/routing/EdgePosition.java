package coop.dispatch.engine.routing;

import com.graphhopper.routing.weighting.Weighting;
import com.graphhopper.storage.BaseGraph;
import com.graphhopper.storage.index.Snap;
import com.graphhopper.util.DistancePlaneProjection;
import com.graphhopper.util.EdgeIteratorState;
import com.graphhopper.util.FetchMode;
import com.graphhopper.util.PointList;
import com.graphhopper.util.shapes.GHPoint;

/**
 * Where a point lies on the street graph for one vehicle: on an edge, some metres from its base node (in the
 * graph's stored direction), with the cost of riding the whole edge each way. A part of the edge costs its share
 * by length, as GraphHopper weights the virtual edges it cuts at a snapped point. An infinite weight means the
 * vehicle may not ride that way.
 *
 * @param forwardWeight  riding the whole edge from base to adj; {@code backward…} from adj to base
 */
record EdgePosition(int edge, int base, int adj, double edgeMeters, double metersFromBase, double forwardWeight,
                    long forwardMillis, double backwardWeight, long backwardMillis) {

    EdgePosition {
        if (!(metersFromBase >= 0 && metersFromBase <= edgeMeters)) {
            throw new IllegalArgumentException(metersFromBase + " m from the base of a " + edgeMeters + " m edge");
        }
    }

    /** The position of a valid snap, in the stored direction of its edge, costed by the vehicle's weighting. */
    static EdgePosition of(Snap snap, BaseGraph graph, Weighting weighting) {
        EdgeIteratorState snapped = snap.getClosestEdge();
        EdgeIteratorState stored = graph.getEdgeIteratorState(snapped.getEdge(), Integer.MIN_VALUE);
        double edgeMeters = stored.getDistance();
        double fromSnappedBase = edgeMeters * shareFromBase(snap, snapped);
        double metersFromBase = snapped.get(EdgeIteratorState.REVERSE_STATE) ? edgeMeters - fromSnappedBase
                : fromSnappedBase;
        double forward = weighting.calcEdgeWeight(stored, false);
        double backward = weighting.calcEdgeWeight(stored, true);
        return new EdgePosition(stored.getEdge(), stored.getBaseNode(), stored.getAdjNode(), edgeMeters,
                Math.max(0, Math.min(edgeMeters, metersFromBase)),
                forward, Double.isFinite(forward) ? weighting.calcEdgeMillis(stored, false) : 0,
                backward, Double.isFinite(backward) ? weighting.calcEdgeMillis(stored, true) : 0);
    }

    /** How far along the snapped edge's geometry (0 = its base, 1 = its adjacent node) the snapped point lies. */
    private static double shareFromBase(Snap snap, EdgeIteratorState edge) {
        if (snap.getSnappedPosition() == Snap.Position.TOWER) {
            return snap.getClosestNode() == edge.getBaseNode() ? 0 : 1;
        }
        PointList line = edge.fetchWayGeometry(FetchMode.ALL);
        GHPoint at = snap.getSnappedPoint();
        double before = 0;
        double total = 0;
        for (int i = 0; i + 1 < line.size(); i++) {
            double segment = DistancePlaneProjection.DIST_PLANE.calcDist(line.getLat(i), line.getLon(i),
                    line.getLat(i + 1), line.getLon(i + 1));
            if (i < snap.getWayIndex()) {
                before += segment;
            }
            total += segment;
        }
        int from = Math.min(snap.getWayIndex(), line.size() - 1);
        before += DistancePlaneProjection.DIST_PLANE.calcDist(line.getLat(from), line.getLon(from), at.lat, at.lon);
        return total > 0 ? Math.min(1, before / total) : 0;
    }

    double metersToAdj() {
        return edgeMeters - metersFromBase;
    }

    /** Weight of riding {@code meters} of this edge, forward (base to adj) or backward. */
    double weight(boolean forward, double meters) {
        return meters <= 0 ? 0 : (forward ? forwardWeight : backwardWeight) * (meters / edgeMeters);
    }

    /** Riding time in ms of {@code meters} of this edge; only meaningful where the weight is finite. */
    long millis(boolean forward, double meters) {
        return meters <= 0 ? 0 : Math.round((forward ? forwardMillis : backwardMillis) * (meters / edgeMeters));
    }
}
