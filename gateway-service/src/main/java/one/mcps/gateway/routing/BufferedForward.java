package one.mcps.gateway.routing;

import jakarta.inject.Singleton;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import one.mcps.gateway.affinity.SessionAffinity;
import one.mcps.gateway.auth.EdgePrincipal;
import one.mcps.gateway.ratelimit.ToolCallLimit;
import one.mcps.platform.errors.RouteProblems;
import one.mcps.platform.http.OpenStreams;

/**
 * Forwards an MCP POST without vertx-http-proxy. The gateway reads every such body whole anyway (to count its
 * tools/call messages, {@link ToolCallLimit}), so it goes upstream in one write, and an answer of known length (a
 * JSON-RPC response) comes back in one write; an answer without one (an SSE stream of progress, then the result) is
 * piped through as it arrives. This is the path of every MCP call: the library, built for bodies it streams,
 * assembles a proxy per request, writes head and body separately on both connections and formats a Date header for
 * every response, which cost about a fifth of the gateway's CPU per call (ChainBenchmark, see
 * mcp-proxy-service/README.md). Everything else on the routes (GET streams, DELETE, WebSocket upgrades) still goes
 * through the library ({@link UpstreamProxy}).
 */
@Singleton
public class BufferedForward {

    private final SessionAffinity affinity;
    private final ToolCallLimit toolCallLimit;
    private final RouteProblems problems;
    private final OpenStreams streams;
    private final String retryAfterS;

    public BufferedForward(SessionAffinity affinity, ToolCallLimit toolCallLimit, RouteProblems problems,
            OpenStreams streams, GatewayConfig config) {
        this.streams = streams;
        this.affinity = affinity;
        this.toolCallLimit = toolCallLimit;
        this.problems = problems;
        this.retryAfterS = Long.toString(config.unavailableRetryAfter().toSeconds());
    }

    /** True for the requests this path takes: those whose tools/call messages the rate limit counts. */
    public boolean accepts(Route route, HttpServerRequest request) {
        return route.countToolCalls() && toolCallLimit.counts(request);
    }

    public void forward(RoutingContext ctx, Route route, EdgePrincipal principal, String requestId,
            HttpClient client) {
        toolCallLimit.admit(ctx, principal, body -> send(ctx, route, requestId, client, body));
    }

    private void send(RoutingContext ctx, Route route, String requestId, HttpClient client, Buffer body) {
        HttpServerRequest request = ctx.request();
        Upstream.Instance instance = affinity.select(route, request);
        RequestOptions options = new RequestOptions().setMethod(request.method()).setHost(instance.host())
                .setPort(instance.port()).setSsl(instance.ssl()).setURI(request.uri())
                .setIdleTimeout(route.timeout().toMillis());
        client.request(options).onComplete(opened -> {
            if (opened.failed()) {
                fail(ctx, route, requestId, opened.cause());
                return;
            }
            HttpClientRequest upstream = opened.result();
            // Hop-by-hop headers are gone already (GatewayRouter); Host is the upstream's, set by the client. A chunked
            // body goes upstream whole, with the length the client sets: both framings at once would be refused.
            upstream.headers().addAll(request.headers()).remove(HttpHeaders.HOST)
                    .remove(HttpHeaders.TRANSFER_ENCODING);
            // A client that hangs up drops the upstream exchange too, so the MCP server sees the call abandoned.
            ctx.addEndHandler(ended -> {
                if (ended.failed()) {
                    upstream.reset();
                }
            });
            upstream.send(body).onComplete(answered -> {
                if (answered.failed()) {
                    fail(ctx, route, requestId, answered.cause());
                } else {
                    relay(ctx, route, instance, answered.result());
                }
            });
        });
    }

    private void relay(RoutingContext ctx, Route route, Upstream.Instance instance, HttpClientResponse answer) {
        HttpServerResponse response = ctx.response();
        if (route.sessionAffinity()) {
            affinity.learn(ctx.request(), instance, answer.statusCode(),
                    answer.getHeader(SessionAffinity.SESSION_HEADER));
        }
        response.setStatusCode(answer.statusCode());
        ResponseHeaders.copy(answer.headers(), response.headers());
        if (answer.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            answer.body().onComplete(read -> {
                if (read.succeeded()) {
                    response.end(read.result());
                } else {
                    response.reset();
                }
            });
            return;
        }
        response.setChunked(true);
        streams.track(ctx);
        answer.pipeTo(response).onFailure(failure -> response.reset());
    }

    private void fail(RoutingContext ctx, Route route, String requestId, Throwable cause) {
        UpstreamFailure failure = UpstreamFailure.of(route, requestId, cause, retryAfterS);
        problems.send(ctx, failure.type(), failure.detail(), failure.headers());
    }
}
