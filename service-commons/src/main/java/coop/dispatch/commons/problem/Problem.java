package coop.dispatch.commons.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** An RFC 9457 problem document, the body of every 4xx and 5xx answer. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance,
                      List<Violation> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field: where it is and what is wrong with it. */
    public record Violation(String field, String message) {
    }
}
