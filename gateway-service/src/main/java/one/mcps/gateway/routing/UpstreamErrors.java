package one.mcps.gateway.routing;

import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import io.vertx.core.Future;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import one.mcps.platform.errors.Problem;
import one.mcps.platform.errors.ProblemType;

/**
 * Turns a failed upstream exchange into problem+json instead of the proxy library's empty 502: no answer within the
 * route's timeout is a 504, anything else (refused connection, reset) a 503 naming the service.
 */
final class UpstreamErrors implements ProxyInterceptor {

    private static final Logger LOG = Logger.getLogger(UpstreamErrors.class);

    private final Route route;
    private final String requestId;
    private final GatewayProblems problems;
    private final String retryAfterS;

    UpstreamErrors(Route route, String requestId, GatewayProblems problems, String retryAfterS) {
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
        String service = route.upstream().name();
        ProblemType type;
        String detail;
        if (failure instanceof TimeoutException) {
            type = ProblemType.GATEWAY_TIMEOUT;
            detail = service + " did not answer within " + route.timeout().toMillis() + " ms.";
        } else {
            type = ProblemType.UNAVAILABLE;
            detail = service + " is unavailable.";
        }
        LOG.debugf("Route %s, request %s: %s (%s)", route.name(), requestId, detail, failure.toString());
        ProxyResponse response = context.request().release().response()
                .setStatusCode(type.status())
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .setBody(Body.body(problems.body(type, detail, context.request().proxiedRequest().path(),
                        requestId)));
        if (type == ProblemType.UNAVAILABLE) {
            response.putHeader("Retry-After", retryAfterS);
        }
        return response;
    }
}
