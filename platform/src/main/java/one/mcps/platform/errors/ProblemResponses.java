package one.mcps.platform.errors;

import java.util.Map;

import jakarta.ws.rs.core.Response;

/** Builds problem+json responses, adding the request's id and path so a caller can quote them. */
public final class ProblemResponses {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private ProblemResponses() {
    }

    public static Response of(Problem problem, String path, String requestId, Map<String, String> headers) {
        Problem located = new Problem(problem.type(), problem.title(), problem.status(), problem.detail(), path,
                requestId, problem.errors());
        Response.ResponseBuilder builder = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(located);
        headers.forEach(builder::header);
        if (problem.status() == 401) {
            builder.header("WWW-Authenticate", "Bearer");
        }
        return builder.build();
    }
}
