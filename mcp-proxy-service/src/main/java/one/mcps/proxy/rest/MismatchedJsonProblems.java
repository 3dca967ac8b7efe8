package one.mcps.proxy.rest;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import one.mcps.platform.errors.ProblemMappers;

/**
 * A body with something after its JSON value (refused by the strict reading, {@code StrictJson}) or a field of the
 * wrong type fails with {@link MismatchedInputException}, for which Quarkus registers a mapper of its own (an empty
 * 400) that is more specific than the platform's {@code JsonProcessingException} one. This answers it with the
 * platform's problem instead, until the platform maps it itself.
 */
public class MismatchedJsonProblems {

    private final ProblemMappers problems = new ProblemMappers();

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri, HttpHeaders headers) {
        return problems.json(e, uri, headers);
    }
}
