package one.mcps.gateway.affinity;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import one.mcps.gateway.routing.Upstream;

/**
 * Learns which instance owns a session from the response that created it (an MCP {@code initialize} answered with
 * a new {@code Mcp-Session-Id}), and forgets a session its client deleted.
 */
public final class SessionTracking implements ProxyInterceptor {

    /** The {@link io.vertx.httpproxy.ProxyContext} attachment holding the instance the request went to. */
    public static final String INSTANCE = "mcps.instance";

    private final SessionAffinity affinity;

    public SessionTracking(SessionAffinity affinity) {
        this.affinity = affinity;
    }

    @Override
    public Future<Void> handleProxyResponse(ProxyContext context) {
        String requested = SessionAffinity.sessionOf(context.request().proxiedRequest());
        String created = context.response().headers().get(SessionAffinity.SESSION_HEADER);
        Upstream.Instance instance = context.get(INSTANCE, Upstream.Instance.class);
        if (requested == null && created != null && instance != null) {
            affinity.remember(created, instance);
        } else if (requested != null && context.request().getMethod() == HttpMethod.DELETE
                && context.response().getStatusCode() < 300) {
            affinity.forget(requested);
        }
        return context.sendResponse();
    }
}
