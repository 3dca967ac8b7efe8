package one.mcps.gateway.routing;

import io.vertx.core.Future;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import one.mcps.platform.errors.Problem;
import one.mcps.platform.errors.RouteProblems;

/**
 * Turns a failed upstream exchange into problem+json ({@link UpstreamFailure}) instead of the proxy library's empty
 * 502.
 */
final class UpstreamErrors implements ProxyInterceptor {

    private final Route route;
    private final String requestId;
    private final RouteProblems problems;
    private final String retryAfterS;

    UpstreamErrors(Route route, String requestId, RouteProblems problems, String retryAfterS) {
        this.route = route;
        this.requestId = requestId;
        this.problems = problems;
        this.retryAfterS = retryAfterS;
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        return context.sendRequest().recover(failure -> Future.succeededFuture(problem(context, failure)));
    }

    private ProxyResponse problem(ProxyContext context, Throwable failure) {
        UpstreamFailure problem = UpstreamFailure.of(route, requestId, failure, retryAfterS);
        ProxyResponse response = context.request().release().response()
                .setStatusCode(problem.type().status())
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .setBody(Body.body(problems.body(problem.type(), problem.detail(),
                        context.request().proxiedRequest().path(), requestId)));
        problem.headers().forEach(response::putHeader);
        return response;
    }
}
