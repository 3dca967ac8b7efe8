package one.mcps.identity.users;

import java.util.Map;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.hibernate.exception.ConstraintViolationException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import one.mcps.platform.errors.ProblemResponses;
import one.mcps.platform.errors.ProblemType;

/**
 * A unique username or email that a concurrent request (or a restored backup) took first: a conflict, not a 500.
 */
public class UniqueViolationMapper {

    @ServerExceptionMapper
    public Response conflict(ConstraintViolationException e, UriInfo uri, HttpHeaders headers) {
        return ProblemResponses.of(ProblemType.CONFLICT.problem("A user or key with the same "
                + "unique value (username or email) already exists."), uri.getPath(),
                headers.getHeaderString(ProblemResponses.REQUEST_ID_HEADER), Map.of());
    }
}
