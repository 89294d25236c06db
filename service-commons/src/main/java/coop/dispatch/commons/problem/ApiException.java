package coop.dispatch.commons.problem;

import java.util.List;
import java.util.stream.Collectors;

/** A refusal the client can act on; mapped to an {@code application/problem+json} answer with its status. */
public class ApiException extends RuntimeException {
    private final int status;
    private final String title;
    private final List<Problem.Violation> violations;

    public ApiException(int status, String title, String detail, List<Problem.Violation> violations) {
        super(detail);
        this.status = status;
        this.title = title;
        this.violations = List.copyOf(violations);
    }

    public ApiException(int status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    /** A refusal for its violations, whose detail lists them as "field: message; field: message". */
    public static ApiException listing(int status, String title, List<Problem.Violation> violations) {
        return new ApiException(status, title, violations.stream().map(v -> v.field() + ": " + v.message())
                .collect(Collectors.joining("; ")), violations);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "Bad request", detail);
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, "Unauthorized", detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "Forbidden", detail);
    }

    public static ApiException notFound(String what, Object id) {
        return new ApiException(404, "Not found", what + " " + id + " does not exist");
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "Conflict", detail);
    }

    public static ApiException unprocessable(String detail) {
        return new ApiException(422, "Unprocessable request", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<Problem.Violation> violations() {
        return violations;
    }
}
