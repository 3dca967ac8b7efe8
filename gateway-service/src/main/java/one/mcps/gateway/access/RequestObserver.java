package one.mcps.gateway.access;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import one.mcps.gateway.auth.EdgePrincipal;
import one.mcps.gateway.routing.GatewayConfig;

/**
 * When a forwarded request ends (or its connection drops): one access-log line (request id, principal, method,
 * path, route, status, bytes sent, duration) and the route's metrics.
 */
@Singleton
public class RequestObserver {

    /** The routing-context key under which the edge stores the caller once it is known. */
    public static final String PRINCIPAL = "mcps.principal";
    private static final Logger ACCESS = Logger.getLogger("one.mcps.gateway.access");

    private final RouteMetrics metrics;
    private final boolean logEnabled;

    public RequestObserver(RouteMetrics metrics, GatewayConfig config) {
        this.metrics = metrics;
        this.logEnabled = config.accessLog().enabled();
    }

    public void observe(RoutingContext ctx, String route, String requestId) {
        long start = System.nanoTime();
        ctx.addEndHandler(ended -> {
            long nanos = System.nanoTime() - start;
            HttpServerResponse response = ctx.response();
            int status = response.getStatusCode();
            metrics.record(route, status, nanos);
            if (logEnabled) {
                EdgePrincipal principal = ctx.get(PRINCIPAL);
                ACCESS.info(line(requestId, principal == null ? "-" : principal.name(), ctx, route, status,
                        response.bytesWritten(), nanos, ended.succeeded()));
            }
        });
    }

    /**
     * One access-log line, concatenated rather than formatted: java.util.Formatter (and its locale-aware decimal)
     * cost more CPU than the rest of a forwarded MCP call's bookkeeping.
     */
    private static String line(String requestId, String principal, RoutingContext ctx, String route, int status, long bytes,
            long nanos, boolean completed) {
        long hundredths = (nanos + 5_000) / 10_000;
        long fraction = hundredths % 100;
        return requestId + ' ' + principal + ' ' + ctx.request().method() + ' ' + ctx.request().path() + " route="
                + route + " status=" + status + " bytes=" + bytes + " ms=" + hundredths / 100 + '.'
                + (fraction < 10 ? "0" : "") + fraction + (completed ? "" : " aborted");
    }
}
