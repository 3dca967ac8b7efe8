package one.mcps.gateway.routing;

import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Singleton;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyOptions;
import one.mcps.gateway.affinity.SessionAffinity;
import one.mcps.gateway.affinity.SessionTracking;
import one.mcps.gateway.auth.EdgePrincipal;
import one.mcps.platform.http.EventLoopHttpClients;
import one.mcps.platform.errors.RouteProblems;
import one.mcps.platform.http.OpenStreams;

/**
 * Forwards a request to its route's upstream: an MCP POST by {@link BufferedForward}, anything else with
 * vertx-http-proxy, streaming both bodies and passing WebSocket upgrades through. Each upstream has an HTTP client
 * per event loop (a connection pool per instance and loop, see {@link EventLoopHttpClients}); the library's proxy is
 * assembled per request because its interceptors need that request's route, caller and id, and it is only a few
 * small objects.
 */
@Singleton
public class UpstreamProxy {

    private static final ProxyOptions OPTIONS = new ProxyOptions().setSupportWebSocket(true);

    private final Map<Upstream, EventLoopHttpClients> clients = new HashMap<>();
    private final SessionAffinity affinity;
    private final SessionTracking sessionTracking;
    private final RouteProblems problems;
    private final BufferedForward buffered;
    private final OpenStreams streams;
    private final String retryAfterS;

    public UpstreamProxy(Vertx vertx, RouteTable table, GatewayConfig config, SessionAffinity affinity,
            RouteProblems problems, BufferedForward buffered, OpenStreams streams) {
        this.affinity = affinity;
        this.buffered = buffered;
        this.streams = streams;
        this.sessionTracking = new SessionTracking(affinity);
        this.problems = problems;
        this.retryAfterS = Long.toString(config.unavailableRetryAfter().toSeconds());
        for (Upstream upstream : table.upstreams()) {
            HttpClientOptions options = new HttpClientOptions()
                    .setMaxPoolSize(config.poolSizePerInstance())
                    .setConnectTimeout((int) config.connectTimeout().toMillis())
                    .setKeepAlive(true)
                    .setName("gateway-" + upstream.name());
            config.sourceAddress().ifPresent(options::setLocalAddress);
            clients.put(upstream, new EventLoopHttpClients(vertx, options));
        }
    }

    public void forward(RoutingContext ctx, Route route, EdgePrincipal principal, String requestId) {
        HttpClient client = clients.get(route.upstream()).current();
        if (buffered.accepts(route, ctx.request())) {
            buffered.forward(ctx, route, principal, requestId, client);
            return;
        }
        if (route.streaming()) {
            streams.track(ctx);
        }
        HttpProxy proxy = HttpProxy.reverseProxy(OPTIONS, client);
        long timeoutMs = route.timeout().toMillis();
        proxy.origin(context -> {
            Upstream.Instance instance = affinity.select(route, context.request().proxiedRequest());
            context.set(SessionTracking.INSTANCE, instance);
            return client.request(new RequestOptions().setHost(instance.host()).setPort(instance.port())
                    .setSsl(instance.ssl()).setIdleTimeout(timeoutMs));
        });
        proxy.addInterceptor(new UpstreamErrors(route, requestId, problems, retryAfterS));
        proxy.addInterceptor(ResponseHeaders.INSTANCE);
        if (route.sessionAffinity()) {
            proxy.addInterceptor(sessionTracking);
        }
        proxy.handle(ctx.request());
    }
}
