package one.mcps.gateway.routing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import one.mcps.platform.errors.ProblemResponses;

/**
 * Cleans an upstream response before it goes out: hop-by-hop headers (and those the upstream's Connection header
 * names) stay on the upstream connection, and the request id is the gateway's, already on the response.
 */
final class ResponseHeaders implements ProxyInterceptor {

    static final ResponseHeaders INSTANCE = new ResponseHeaders();

    private ResponseHeaders() {
    }

    @Override
    public Future<Void> handleProxyResponse(ProxyContext context) {
        MultiMap headers = context.response().headers();
        EndToEndHeaders.removeHopByHop(headers);
        headers.remove(ProblemResponses.REQUEST_ID_HEADER);
        return context.sendResponse();
    }

    /** The same cleaning for a response the gateway writes itself: copies what may go out onto {@code response}. */
    static void copy(MultiMap upstream, MultiMap response) {
        EndToEndHeaders.copy(upstream, response, ProblemResponses.REQUEST_ID_HEADER);
    }
}
