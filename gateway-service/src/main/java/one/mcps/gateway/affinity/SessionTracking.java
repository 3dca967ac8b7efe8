package one.mcps.gateway.affinity;

import io.vertx.core.Future;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import one.mcps.gateway.routing.Upstream;

/** {@link SessionAffinity#learn} for requests forwarded by the proxy library. */
public final class SessionTracking implements ProxyInterceptor {

    /** The {@link io.vertx.httpproxy.ProxyContext} attachment holding the instance the request went to. */
    public static final String INSTANCE = "mcps.instance";

    private final SessionAffinity affinity;

    public SessionTracking(SessionAffinity affinity) {
        this.affinity = affinity;
    }

    @Override
    public Future<Void> handleProxyResponse(ProxyContext context) {
        Upstream.Instance instance = context.get(INSTANCE, Upstream.Instance.class);
        if (instance != null) {
            affinity.learn(context.request().proxiedRequest(), instance, context.response().getStatusCode(),
                    context.response().headers().get(SessionAffinity.SESSION_HEADER));
        }
        return context.sendResponse();
    }
}
