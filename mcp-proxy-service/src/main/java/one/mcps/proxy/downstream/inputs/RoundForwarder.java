package one.mcps.proxy.downstream.inputs;

import java.net.URI;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import one.mcps.platform.http.EventLoopHttpClients;
import one.mcps.proxy.downstream.HttpReplies;
import one.mcps.proxy.jsonrpc.JsonRpc;
import one.mcps.platform.mcp.McpErrorCodes;

/**
 * A retry of a multi round-trip request whose call waits on another proxy instance (the balancer sent it here) goes
 * to that instance as it came — the same path, body, credential and MCP headers, marked so that it is not sent on
 * again — and its answer comes back as it is, streamed. The instance there authenticates and authorizes it itself.
 */
@ApplicationScoped
public class RoundForwarder {

    /** Marks a request another instance forwarded: it is served where it lands, never forwarded twice. */
    public static final String FORWARDED = "X-Mcps-Forwarded-Round";

    private static final Logger LOG = Logger.getLogger(RoundForwarder.class);
    private static final List<String> PASSED = List.of("Authorization", "Content-Type", "Accept",
            "MCP-Protocol-Version", "Mcp-Method", "Mcp-Name", "X-Request-Id");

    private final EventLoopHttpClients http;

    public RoundForwarder(Vertx vertx) {
        this.http = new EventLoopHttpClients(vertx, new HttpClientOptions());
    }

    public void forward(RoutingContext ctx, String holder, Buffer body, Object requestId) {
        URI target = URI.create(holder);
        boolean ssl = "https".equalsIgnoreCase(target.getScheme());
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(target.getHost())
                .setPort(target.getPort() > 0 ? target.getPort() : ssl ? 443 : 80).setSsl(ssl)
                .setURI(ctx.request().uri());
        for (String name : PASSED) {
            String value = ctx.request().getHeader(name);
            if (value != null) {
                options.putHeader(name, value);
            }
        }
        options.putHeader(FORWARDED, "1");
        http.current().request(options).compose(request -> request.send(body)).onSuccess(answer -> {
            ctx.response().setStatusCode(answer.statusCode());
            String type = answer.getHeader("Content-Type");
            if (type != null) {
                ctx.response().putHeader("Content-Type", type);
            }
            String length = answer.getHeader("Content-Length");
            if (length != null) {
                ctx.response().putHeader("Content-Length", length);
            } else {
                ctx.response().setChunked(true);
            }
            answer.pipeTo(ctx.response());
        }).onFailure(e -> {
            LOG.warnf("A retry for the call held by %s could not be forwarded there: %s", holder, e.toString());
            HttpReplies.json(ctx, 200, JsonRpc.error(requestId, McpErrorCodes.INTERNAL_ERROR, "The proxy instance that "
                    + "holds this request cannot be reached; call again without requestState and inputResponses.")
                    .toBuffer());
        });
    }
}
