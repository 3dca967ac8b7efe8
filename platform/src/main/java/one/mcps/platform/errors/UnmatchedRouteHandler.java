package one.mcps.platform.errors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers what no route matched (and body-size refusals from the HTTP layer) with problem+json, so a client never
 * sees an HTML page or an empty 404 from any service.
 */
@ApplicationScoped
public class UnmatchedRouteHandler {

    private final ObjectMapper mapper;

    public UnmatchedRouteHandler(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MAX_VALUE).handler(ctx -> write(ctx,
                ProblemType.NOT_FOUND.problem("Nothing is at " + ctx.normalizedPath() + ".")));
        router.errorHandler(413, ctx -> write(ctx,
                ProblemType.PAYLOAD_TOO_LARGE.problem("The request body is larger than this endpoint accepts.")));
    }

    private void write(RoutingContext ctx, Problem problem) {
        if (ctx.response().ended()) {
            return;
        }
        Problem located = new Problem(problem.type(), problem.title(), problem.status(), problem.detail(),
                ctx.normalizedPath(), ctx.request().getHeader(ProblemResponses.REQUEST_ID_HEADER), null);
        try {
            ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(mapper.writeValueAsString(located));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(problem.status()).end();
        }
    }
}
