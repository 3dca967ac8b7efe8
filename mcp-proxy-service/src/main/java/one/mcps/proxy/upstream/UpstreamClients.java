package one.mcps.proxy.upstream;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;

import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import one.mcps.platform.http.EventLoopHttpClients;
import one.mcps.platform.security.OutboundTargets;
import one.mcps.platform.security.ServiceTokenClient;
import one.mcps.proxy.config.ProxyConfig;
import one.mcps.proxy.jsonrpc.McpJson;

/** Builds SDK clients for upstreams: transport, timeouts and the identity this proxy announces. */
@ApplicationScoped
public class UpstreamClients {

    private final McpJson json;
    private final ServiceTokenClient tokens;
    private final OutboundTargets outbound;
    private final ProxyConfig config;
    private final EventLoopHttpClients http;
    private final HttpClient streams;

    public UpstreamClients(McpJson json, ServiceTokenClient tokens, OutboundTargets outbound, ProxyConfig config,
            Vertx vertx) {
        this.json = json;
        this.tokens = tokens;
        this.outbound = outbound;
        this.config = config;
        this.http = new EventLoopHttpClients(vertx, new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true)
                .setKeepAliveTimeout((int) Math.max(1, config.upstreams().httpKeepAlive().toSeconds()))
                .setMaxPoolSize(config.upstreams().httpPoolSize())
                .setConnectTimeout((int) config.upstreams().initializeTimeout().toMillis()));
        this.streams = vertx.createHttpClient(new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setMaxPoolSize(config.upstreams().streamPoolSize())
                .setConnectTimeout((int) config.upstreams().initializeTimeout().toMillis()));
    }

    McpJson json() {
        return json;
    }

    McpAsyncClient build(RunningTool tool, Duration requestTimeout, UnaryOperator<McpClient.AsyncSpec> handlers) {
        McpClient.AsyncSpec spec = McpClient.async(UpstreamTransports.create(tool, json.sdk(), tokens, outbound,
                config.upstreams().initializeTimeout()))
                .requestTimeout(requestTimeout)
                .initializationTimeout(config.upstreams().initializeTimeout())
                .clientInfo(new McpSchema.Implementation(config.serverName(), config.serverVersion()))
                // Declared so upstreams may ask; each request is forwarded to the client session that is calling.
                .capabilities(McpSchema.ClientCapabilities.builder().sampling().elicitation().build());
        return handlers.apply(spec).build();
    }

    /**
     * The lean request path for Streamable HTTP upstreams (the bridge included); none for legacy SSE ones. With an
     * {@code owner} (a client session id) it is that session's own upstream session, at {@code url} (one of the tool's
     * bridges), continuing {@code seed} (stored by whichever instance opened it) if given. One that {@code listens}
     * opens its upstream session's GET stream; a session for one request does not.
     */
    LeanRpc leanRpc(RunningTool tool, String url, Duration requestTimeout, UpstreamListener listener, String owner,
            boolean listens, LeanRpc.Session seed, Function<LeanRpc.Session, Uni<Void>> onOpened) {
        if (RunningTool.SSE.equals(tool.transport())) {
            return null;
        }
        return new LeanRpc(tool, url, http, listens ? streams : null, tokens, listener, json, requestTimeout,
                config.upstreams().initializeTimeout(),
                new McpSchema.Implementation(config.serverName(), config.serverVersion()), owner, seed, onOpened);
    }
}
