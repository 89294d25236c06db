package coop.dispatch.bench.mdrp;

import coop.dispatch.contracts.events.GeoPoint;
import coop.dispatch.engine.TravelTimes;

/**
 * How long a courier needs between two points of an instance, and how those points look to the engine. The MDRP
 * instances use the plane of FORMAT.md ({@link PlanarTravelTimes}); the city mode uses bike routes on a real map
 * ({@link CityTravel}). The replay, the checker and the figures all ask the instance's model, so a solution is
 * checked against the travel times it was made with.
 */
public interface TravelModel {

    /** Travel minutes from (x1, y1) to (x2, y2), instance coordinates (metres on the instance's plane). */
    double minutes(double x1, double y1, double x2, double y2);

    /** The engine's point standing for instance point (x, y). */
    GeoPoint geo(double x, double y);

    /** What the engine's {@code FairRotation} asks for pickup times: the same model, seen through its interface. */
    TravelTimes engine();
}
