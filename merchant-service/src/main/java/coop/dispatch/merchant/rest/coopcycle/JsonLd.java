package coop.dispatch.merchant.rest.coopcycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import coop.dispatch.commons.problem.ApiException;

/** What CoopCycle's API paths share: JSON-LD by default, bodies read whatever their Content-Type says. */
final class JsonLd {
    static final String MEDIA_TYPE = "application/ld+json";
    /** JSON-LD first: the answer's type when the client sends no Accept header (or any). */
    static final String[] PRODUCES = {MEDIA_TYPE, "application/json"};

    private JsonLd() {
    }

    /**
     * Reads a JSON object body. The plugins say application/ld+json, scripts often say application/json or nothing;
     * every one of them is read as JSON, and anything that is not a JSON object is a 400 (never a 415 or a 500).
     */
    static JsonNode object(ObjectMapper json, String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("The request body must be a JSON object");
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "Malformed JSON", "The request body is not valid JSON: "
                    + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("The request body must be a JSON object");
        }
        return node;
    }

    static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() || node.isContainerNode()
                || node.asText().isBlank() ? null : node.asText().strip();
    }
}
