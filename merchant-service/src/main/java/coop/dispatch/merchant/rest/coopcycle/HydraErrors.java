package coop.dispatch.merchant.rest.coopcycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import coop.dispatch.commons.problem.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

import java.util.List;

/**
 * On CoopCycle's paths ({@code /api} and {@code /api/…} except our own {@code /api/v1/…}) every refusal is also a
 * JSON-LD {@code hydra:Error}, which the plugins and the SDK read ({@code hydra:description}); the RFC 9457 fields stay,
 * and a refusal naming fields lists them as CoopCycle's {@code violations} [{propertyPath, message}]. Whatever made
 * the problem (a resource, validation, authentication, routing) it passes here.
 */
@Provider
public class HydraErrors implements ContainerResponseFilter {
    static final MediaType LD_JSON = MediaType.valueOf(JsonLd.MEDIA_TYPE);

    /** CoopCycle's error document with the problem's own fields beside it. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record HydraError(@JsonProperty("@context") String context, @JsonProperty("@type") String type,
                             @JsonProperty("hydra:title") String hydraTitle,
                             @JsonProperty("hydra:description") String hydraDescription,
                             @JsonProperty("type") String problemType, String title, int status, String detail,
                             String instance, List<Problem.Violation> errors, List<Violation> violations) {
        static HydraError of(Problem p) {
            List<Violation> violations = p.errors() == null ? List.of()
                    : p.errors().stream().map(v -> new Violation(v.field(), v.message())).toList();
            return new HydraError("/api/contexts/Error", "hydra:Error", p.title(),
                    p.detail() == null ? p.title() : p.detail(), p.type(), p.title(), p.status(), p.detail(),
                    p.instance(), p.errors(), violations);
        }
    }

    public record Violation(String propertyPath, String message) {
    }

    static boolean coopCyclePath(String path) {
        return path.equals("/api") || path.equals("/api/")
                || path.startsWith("/api/") && !path.startsWith("/api/v1/") && !path.equals("/api/v1");
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getEntity() instanceof Problem problem && coopCyclePath(request.getUriInfo().getPath())) {
            response.setEntity(HydraError.of(problem), response.getEntityAnnotations(), LD_JSON);
            response.getHeaders().putSingle("Content-Type", JsonLd.MEDIA_TYPE);
        }
    }
}
