package one.mcps.platform.errors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;

/**
 * Answers what no route matched (and body-size refusals from the HTTP layer) with problem+json, so a client never
 * sees an HTML page or an empty 404 from any service.
 */
@ApplicationScoped
public class UnmatchedRouteHandler {

    private final RouteProblems problems;

    public UnmatchedRouteHandler(RouteProblems problems) {
        this.problems = problems;
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MAX_VALUE).handler(ctx -> problems.send(ctx, ProblemType.NOT_FOUND,
                "Nothing is at " + ctx.normalizedPath() + "."));
        router.errorHandler(413, ctx -> problems.send(ctx, ProblemType.PAYLOAD_TOO_LARGE,
                "The request body is larger than this endpoint accepts."));
    }
}
