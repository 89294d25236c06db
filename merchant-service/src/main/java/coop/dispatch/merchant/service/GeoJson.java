package coop.dispatch.merchant.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import coop.dispatch.commons.geo.GeoPoints;
import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.commons.problem.Problem;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

import java.util.ArrayList;
import java.util.List;

/**
 * GeoJSON (RFC 7946) areas ↔ PostGIS multipolygons. Accepts a Polygon, a MultiPolygon, or a Feature holding one;
 * answers a MultiPolygon. Refuses, with the position of the fault, what PostGIS would store but not answer sensibly.
 */
public final class GeoJson {
    private static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), GeoPoints.WGS84);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private GeoJson() {
    }

    public static MultiPolygon area(JsonNode json, String field) {
        if (json == null || json.isNull()) {
            throw invalid(field, "is required: a GeoJSON Polygon or MultiPolygon");
        }
        if ("Feature".equals(json.path("type").asText())) {
            return area(json.get("geometry"), field + ".geometry");
        }
        String type = json.path("type").asText();
        JsonNode coordinates = json.get("coordinates");
        if (coordinates == null || !coordinates.isArray()) {
            throw invalid(field + ".coordinates", "is required (an array)");
        }
        MultiPolygon area = switch (type) {
            case "Polygon" -> FACTORY.createMultiPolygon(new Polygon[]{polygon(coordinates, field + ".coordinates")});
            case "MultiPolygon" -> {
                List<Polygon> polygons = new ArrayList<>();
                for (int i = 0; i < coordinates.size(); i++) {
                    polygons.add(polygon(coordinates.get(i), field + ".coordinates[" + i + "]"));
                }
                if (polygons.isEmpty()) {
                    throw invalid(field + ".coordinates", "must hold at least one polygon");
                }
                yield FACTORY.createMultiPolygon(polygons.toArray(Polygon[]::new));
            }
            default -> throw invalid(field + ".type", "must be Polygon or MultiPolygon (or a Feature of one), got '"
                    + type + "'");
        };
        TopologyValidationError error = new IsValidOp(area).getValidationError();
        if (error != null) {
            Coordinate c = error.getCoordinate();
            throw invalid(field, "is not a valid area: " + error.getMessage()
                    + (c == null ? "" : " near [" + c.x + ", " + c.y + "]"));
        }
        return area;
    }

    public static ObjectNode toJson(MultiPolygon area) {
        ObjectNode json = NODES.objectNode();
        json.put("type", "MultiPolygon");
        ArrayNode polygons = json.putArray("coordinates");
        for (int i = 0; i < area.getNumGeometries(); i++) {
            Polygon p = (Polygon) area.getGeometryN(i);
            ArrayNode rings = polygons.addArray();
            ring(p.getExteriorRing().getCoordinates(), rings.addArray());
            for (int h = 0; h < p.getNumInteriorRing(); h++) {
                ring(p.getInteriorRingN(h).getCoordinates(), rings.addArray());
            }
        }
        return json;
    }

    private static void ring(Coordinate[] coordinates, ArrayNode out) {
        for (Coordinate c : coordinates) {
            out.addArray().add(c.x).add(c.y);
        }
    }

    private static Polygon polygon(JsonNode rings, String field) {
        if (rings == null || !rings.isArray() || rings.isEmpty()) {
            throw invalid(field, "a polygon is an array of linear rings, the outer one first");
        }
        LinearRing shell = ring(rings.get(0), field + "[0]");
        LinearRing[] holes = new LinearRing[rings.size() - 1];
        for (int i = 1; i < rings.size(); i++) {
            holes[i - 1] = ring(rings.get(i), field + "[" + i + "]");
        }
        return FACTORY.createPolygon(shell, holes);
    }

    private static LinearRing ring(JsonNode positions, String field) {
        if (positions == null || !positions.isArray() || positions.size() < 4) {
            throw invalid(field, "a linear ring needs at least 4 positions [lon, lat], the last equal to the first");
        }
        Coordinate[] coordinates = new Coordinate[positions.size()];
        for (int i = 0; i < positions.size(); i++) {
            JsonNode p = positions.get(i);
            if (!p.isArray() || p.size() < 2 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
                throw invalid(field + "[" + i + "]", "a position is [longitude, latitude]");
            }
            double lon = p.get(0).asDouble();
            double lat = p.get(1).asDouble();
            if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
                throw invalid(field + "[" + i + "]", "[" + lon + ", " + lat + "] is not a WGS84 position "
                        + "(longitude first, within ±180; latitude within ±90)");
            }
            coordinates[i] = new Coordinate(lon, lat);
        }
        if (!coordinates[0].equals2D(coordinates[coordinates.length - 1])) {
            throw invalid(field, "a linear ring must end where it starts");
        }
        return FACTORY.createLinearRing(coordinates);
    }

    private static ApiException invalid(String field, String message) {
        return new ApiException(422, "Invalid area", field + ": " + message,
                List.of(new Problem.Violation(field, message)));
    }
}
