package coop.dispatch.engine.routing;

import coop.dispatch.contracts.events.GeoPoint;

import java.util.List;

/** A point-to-point route: length, riding time and the line to draw. */
public record RouteResult(double distanceMeters, long durationSeconds, List<GeoPoint> points) {
}
