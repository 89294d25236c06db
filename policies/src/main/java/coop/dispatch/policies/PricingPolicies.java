package coop.dispatch.policies;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/** Reads pricing policy documents (JSON) and holds the default one shipped until the assembly adopts its own. */
public final class PricingPolicies {
    public static final String KIND = "pricing";
    static final String DEFAULT_RESOURCE = "/coop/dispatch/policies/pricing-default.json";
    // Unknown fields are refused: a typo in a proposal ("perKmCent") must not silently fall back to 0.
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private static final CompiledPricingPolicy DEFAULT = readDefault();

    private PricingPolicies() {
    }

    /** Version 1, shipped with the code: what applies before the assembly adopted any pricing policy. */
    public static CompiledPricingPolicy defaultPolicy() {
        return DEFAULT;
    }

    /** Reads and validates a document; throws {@link InvalidPolicyException} listing every problem. */
    public static CompiledPricingPolicy compile(JsonNode document) {
        return parse(document).compile();
    }

    /** Reads a document without validating it; throws {@link InvalidPolicyException} if its shape is wrong. */
    public static PricingPolicy parse(JsonNode document) {
        if (document == null || !document.isObject()) {
            throw new InvalidPolicyException(List.of(new PolicyProblem("$", "a pricing policy is a JSON object")));
        }
        try {
            return MAPPER.treeToValue(document, PricingPolicy.class);
        } catch (JsonMappingException e) {
            throw new InvalidPolicyException(List.of(new PolicyProblem(path(e), e.getOriginalMessage())));
        } catch (JsonProcessingException e) {
            throw new InvalidPolicyException(List.of(new PolicyProblem("$", e.getOriginalMessage())));
        }
    }

    public static PricingPolicy parse(String json) {
        try {
            return parse(MAPPER.readTree(json));
        } catch (JsonProcessingException e) {
            throw new InvalidPolicyException(List.of(new PolicyProblem("$", "not JSON: " + e.getOriginalMessage())));
        }
    }

    public static JsonNode toJson(PricingPolicy policy) {
        return MAPPER.valueToTree(policy);
    }

    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining());
        return path.isEmpty() ? "$" : path.substring(path.startsWith(".") ? 1 : 0);
    }

    private static CompiledPricingPolicy readDefault() {
        try (InputStream in = PricingPolicies.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the policies jar");
            }
            return compile(MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
