package one.mcps.gateway.routing;

import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import one.mcps.platform.errors.ProblemType;

/**
 * What a failed upstream exchange means to the caller: no answer within the route's timeout is a 504, anything else
 * (refused connection, reset) a 503 naming the service, with a Retry-After.
 *
 * @param type the problem the caller gets
 * @param detail its human-readable detail
 * @param headers extra response headers (Retry-After for a 503)
 */
record UpstreamFailure(ProblemType type, String detail, Map<String, String> headers) {

    private static final Logger LOG = Logger.getLogger(UpstreamFailure.class);

    static UpstreamFailure of(Route route, String requestId, Throwable failure, String retryAfterS) {
        String service = route.upstream().name();
        UpstreamFailure result = failure instanceof TimeoutException
                ? new UpstreamFailure(ProblemType.GATEWAY_TIMEOUT,
                        service + " did not answer within " + route.timeout().toMillis() + " ms.", Map.of())
                : new UpstreamFailure(ProblemType.UNAVAILABLE, service + " is unavailable.",
                        Map.of("Retry-After", retryAfterS));
        // the client is told no more than the service's name; why it failed is for the operator
        LOG.warnf("Route %s, request %s: %s (%s)", route.name(), requestId, result.detail(), failure.toString());
        return result;
    }
}
