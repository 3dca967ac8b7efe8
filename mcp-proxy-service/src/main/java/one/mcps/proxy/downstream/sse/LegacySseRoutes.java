package one.mcps.proxy.downstream.sse;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import one.mcps.platform.http.RouteOrder;
import one.mcps.platform.security.Caller;
import one.mcps.platform.security.CredentialWatch;
import one.mcps.proxy.catalog.Catalog;
import one.mcps.proxy.catalog.Scope;
import one.mcps.proxy.config.ProxyConfig;
import one.mcps.proxy.downstream.Exchanges;
import one.mcps.proxy.downstream.HttpReplies;
import one.mcps.proxy.downstream.Incoming;
import one.mcps.proxy.downstream.RouteGuard;
import one.mcps.proxy.downstream.SseChannel;
import one.mcps.proxy.jsonrpc.JsonRpc;
import one.mcps.proxy.sessions.McpSession;
import one.mcps.proxy.sessions.SessionRegistry;
import one.mcps.platform.mcp.McpErrorCodes;

/**
 * The 2024-11-05 HTTP+SSE transport: {@code GET /sse} opens the stream (and the session, which lives as long as
 * the stream) and names the endpoint to POST to; {@code POST /messages?sessionId=} takes each message with 202 and
 * answers on the stream. Each POST is authorized as its own caller, bound to the credential that opened the stream.
 */
@ApplicationScoped
public class LegacySseRoutes {

    private final RouteGuard guard;
    private final CredentialWatch credentials;
    private final SessionRegistry sessions;
    private final Exchanges exchanges;
    private final Catalog catalog;
    private final long maxBodyBytes;

    public LegacySseRoutes(RouteGuard guard, SessionRegistry sessions, Exchanges exchanges, Catalog catalog,
            ProxyConfig config, CredentialWatch credentials) {
        this.guard = guard;
        this.credentials = credentials;
        this.sessions = sessions;
        this.exchanges = exchanges;
        this.catalog = catalog;
        this.maxBodyBytes = config.http().maxBodyBytes();
    }

    void register(@Observes Router router) {
        for (String path : List.of("/sse", "/servers/:server/sse")) {
            router.get(path).order(RouteOrder.SELF_AUTHENTICATED).handler(ctx -> guard.admit(ctx).subscribe()
                    .with(caller -> open(ctx, caller), failure -> guard.refuse(ctx, failure)));
        }
        router.post("/messages").order(RouteOrder.SELF_AUTHENTICATED)
                .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
                .handler(ctx -> guard.admit(ctx).subscribe()
                        .with(caller -> message(ctx, caller), failure -> guard.refuse(ctx, failure)));
    }

    private void open(RoutingContext ctx, Caller caller) {
        String server = ctx.pathParam("server");
        Scope scope = server == null ? Scope.ALL : Scope.of(server);
        if (!catalog.serves(caller, scope)) {
            guard.refuse(ctx, RouteGuard.noSuchServer(server));
            return;
        }
        McpSession session = sessions.create(caller, scope, McpSession.SSE);
        SseChannel channel = SseChannel.open(ctx.response(), 200);
        session.stream(channel);
        Runnable close = () -> sessions.close(session, McpSession.CLOSED).subscribe().with(done -> {
        }, e -> {
            // Logged and kept for the next flush by the registry.
        });
        // A legacy session is its stream: both end with the credential they were opened with.
        CredentialWatch.Watching watching = credentials.watch(caller, reason -> {
            channel.end();
            close.run();
        });
        ctx.response().closeHandler(ignored -> {
            watching.stop();
            close.run();
        });
        channel.event("endpoint", "/messages?sessionId=" + session.id());
    }

    private void message(RoutingContext ctx, Caller caller) {
        sessions.use(ctx.queryParams().get("sessionId"), caller).subscribe().with(found -> {
            McpSession session = found.filter(s -> McpSession.SSE.equals(s.transport())).orElse(null);
            if (session == null) {
                HttpReplies.json(ctx, 404, JsonRpc.error(null, McpErrorCodes.SESSION_NOT_FOUND,
                        "Session not found; open a new /sse stream.").toBuffer());
            } else {
                message(ctx, caller, session);
            }
        }, failure -> guard.refuse(ctx, failure));
    }

    private void message(RoutingContext ctx, Caller caller, McpSession session) {
        Incoming incoming = Incoming.parse(ctx.body().buffer());
        if (incoming.failed()) {
            HttpReplies.json(ctx, 400, incoming.error().toBuffer());
            return;
        }
        long bytes = ctx.body().length();
        for (JsonObject message : incoming.messages()) {
            if (JsonRpc.isRequest(message)) {
                // The stream stays the session's: a cancelled request just gets no response on it.
                exchanges.request(session, caller, message, session::sendOnStream, bytes, session::sendOnStream,
                        () -> {
                        });
            } else {
                exchanges.accept(session, message);
            }
        }
        HttpReplies.accepted(ctx);
    }
}
