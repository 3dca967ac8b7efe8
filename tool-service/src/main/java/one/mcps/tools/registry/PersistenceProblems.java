package one.mcps.tools.registry;

import java.util.Map;

import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.hibernate.StaleStateException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import one.mcps.platform.errors.ProblemResponses;
import one.mcps.platform.errors.ProblemType;

/** A concurrent write that Hibernate's version check caught is the same 409 as a stale If-Match. */
public class PersistenceProblems {

    @ServerExceptionMapper({ OptimisticLockException.class, StaleStateException.class })
    public Response stale(RuntimeException e, UriInfo uri, HttpHeaders headers) {
        return ProblemResponses.of(ProblemType.CONFLICT.problem(
                "The tool was changed by someone else meanwhile: reload it and apply your change again."),
                uri.getPath(), headers.getHeaderString(ProblemResponses.REQUEST_ID_HEADER), Map.of());
    }
}
