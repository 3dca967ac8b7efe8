package one.mcps.gateway.routing;

import java.util.List;

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

    static final List<String> HOP_BY_HOP = List.of("Connection", "Keep-Alive", "Proxy-Authenticate",
            "Proxy-Authorization", "TE", "Trailer", "Upgrade");

    static final ResponseHeaders INSTANCE = new ResponseHeaders();

    private ResponseHeaders() {
    }

    @Override
    public Future<Void> handleProxyResponse(ProxyContext context) {
        MultiMap headers = context.response().headers();
        removeHopByHop(headers);
        headers.remove(ProblemResponses.REQUEST_ID_HEADER);
        return context.sendResponse();
    }

    /** Removes hop-by-hop headers, including any the Connection header lists. */
    static void removeHopByHop(MultiMap headers) {
        for (String connection : headers.getAll("Connection")) {
            for (String named : connection.split(",")) {
                headers.remove(named.trim());
            }
        }
        HOP_BY_HOP.forEach(headers::remove);
    }
}
