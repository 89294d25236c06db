package coop.dispatch.rider.rest;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import coop.dispatch.commons.problem.ProblemMappers;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Quarkus REST ships a mapper of its own for {@link MismatchedInputException} (a string where a list was expected,
 * an array for an object) that answers plain JSON; this one keeps those answers problem documents like every other
 * malformed body. (It belongs in service-commons' {@link ProblemMappers}, which every service shares.)
 */
public class MalformedJsonMapper {
    private final ProblemMappers problems = new ProblemMappers();

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return problems.unreadable(e, uri);
    }
}
