package one.mcps.proxy.downstream.streamable;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.errors.ProblemType;
import one.mcps.platform.http.RouteOrder;
import one.mcps.platform.security.Caller;
import one.mcps.platform.security.CredentialWatch;
import one.mcps.proxy.catalog.Catalog;
import one.mcps.proxy.catalog.Scope;
import one.mcps.proxy.config.ProxyConfig;
import one.mcps.proxy.downstream.Channel;
import one.mcps.proxy.downstream.Exchanges;
import one.mcps.proxy.downstream.HttpReplies;
import one.mcps.proxy.downstream.Incoming;
import one.mcps.proxy.downstream.ProtocolVersions;
import one.mcps.proxy.downstream.RouteGuard;
import one.mcps.proxy.downstream.SseChannel;
import one.mcps.proxy.jsonrpc.JsonRpc;
import one.mcps.proxy.sessions.McpSession;
import one.mcps.proxy.sessions.SessionRegistry;
import one.mcps.platform.mcp.McpErrorCodes;

/**
 * MCP Streamable HTTP at {@code /mcp} (every server, prefixed names) and {@code /servers/{name}/mcp} (one server, its
 * own names): the stateful revisions (2025-03-26, 2025-06-18, 2025-11-25: initialize, then a session) and, chosen per
 * request by its body ({@link Era}), the stateless one (2026-07-28, {@link StatelessRequests}). Vert.x routes of our
 * own, because the SDK's server transports are Servlet-only; nothing here blocks the event loop.
 */
@ApplicationScoped
public class StreamableHttpRoutes {

    public static final String SESSION_HEADER = "Mcp-Session-Id";
    public static final String VERSION_HEADER = "MCP-Protocol-Version";
    private static final String EVENT_STREAM = "text/event-stream";

    private final RouteGuard guard;
    private final CredentialWatch credentials;
    private final SessionRegistry sessions;
    private final Exchanges exchanges;
    private final Catalog catalog;
    private final StatelessRequests stateless;
    private final long maxBodyBytes;

    public StreamableHttpRoutes(RouteGuard guard, SessionRegistry sessions, Exchanges exchanges, Catalog catalog,
            StatelessRequests stateless, ProxyConfig config, CredentialWatch credentials) {
        this.guard = guard;
        this.credentials = credentials;
        this.sessions = sessions;
        this.exchanges = exchanges;
        this.catalog = catalog;
        this.stateless = stateless;
        this.maxBodyBytes = config.http().maxBodyBytes();
    }

    void register(@Observes Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBodyBytes);
        for (String path : List.of("/mcp", "/servers/:server/mcp")) {
            router.post(path).order(RouteOrder.SELF_AUTHENTICATED).handler(body)
                    .handler(ctx -> admitted(ctx, caller -> post(ctx, caller)));
            router.get(path).order(RouteOrder.SELF_AUTHENTICATED)
                    .handler(ctx -> admitted(ctx, caller -> get(ctx, caller)));
            router.delete(path).order(RouteOrder.SELF_AUTHENTICATED)
                    .handler(ctx -> admitted(ctx, caller -> delete(ctx, caller)));
        }
    }

    private void admitted(RoutingContext ctx, Consumer<Caller> then) {
        guard.admit(ctx).subscribe().with(then, failure -> guard.refuse(ctx, failure));
    }

    private static Scope scope(RoutingContext ctx) {
        String server = ctx.pathParam("server");
        return server == null ? Scope.ALL : Scope.of(server);
    }

    private void post(RoutingContext ctx, Caller caller) {
        Incoming incoming = Incoming.parse(ctx.body().buffer());
        if (incoming.failed()) {
            HttpReplies.json(ctx, 400, incoming.error().toBuffer());
            return;
        }
        long bytes = ctx.body().length();
        Era era = Era.of(incoming, ctx.request().getHeader(VERSION_HEADER),
                ctx.request().getHeader(StandardHeaders.METHOD));
        if (era instanceof Era.Refused refused) {
            HttpReplies.json(ctx, refused.status(), refused.error().toBuffer());
            return;
        }
        if (era instanceof Era.Stateless request) {
            stateless.serve(ctx, caller, scope(ctx), request, bytes);
            return;
        }
        String version = ctx.request().getHeader(VERSION_HEADER);
        if (version != null && !ProtocolVersions.SUPPORTED.contains(version)) {
            HttpReplies.json(ctx, 400, JsonRpc.error(null, McpErrorCodes.INVALID_REQUEST,
                    "Unsupported " + VERSION_HEADER + ": " + version).toBuffer());
            return;
        }
        JsonObject initialize = incoming.initialize();
        if (initialize != null) {
            if (!catalog.serves(caller, scope(ctx))) {
                guard.refuse(ctx, RouteGuard.noSuchServer(ctx.pathParam("server")));
                return;
            }
            McpSession session = sessions.create(caller, scope(ctx), McpSession.STREAMABLE);
            ctx.response().putHeader(SESSION_HEADER, session.id());
            exchanges.request(session, caller, initialize, Channel.NONE, bytes,
                    response -> HttpReplies.json(ctx, 200, response.toBuffer()), () -> {
                    });
            return;
        }
        session(ctx, caller, session -> {
            if (!incoming.hasRequests()) {
                incoming.messages().forEach(message -> exchanges.accept(session, message));
                HttpReplies.accepted(ctx);
                return;
            }
            if (incoming.batch()) {
                batch(ctx, session, caller, incoming, bytes);
            } else if (wantsStream(ctx, incoming.messages().get(0))) {
                stream(ctx, session, caller, incoming.messages().get(0), bytes);
            } else {
                JsonObject request = incoming.messages().get(0);
                cancelOnClose(ctx).set(exchanges.request(session, caller, request, session::sendOnStream, bytes,
                        response -> HttpReplies.json(ctx, 200, response.toBuffer()),
                        () -> HttpReplies.json(ctx, 200, Exchanges.cancelled(request).toBuffer())));
            }
        });
    }

    /**
     * A request whose client asked for progress gets an SSE response: the progress events, then the result. A
     * request given up (cancelled) ends its stream with no response, as cancellation wants.
     */
    private void stream(RoutingContext ctx, McpSession session, Caller caller, JsonObject request, long bytes) {
        SseChannel channel = SseChannel.open(ctx.response(), 200);
        cancelOnClose(ctx).set(exchanges.request(session, caller, request, channel, bytes, response -> {
            channel.send(response);
            channel.end();
        }, channel::end));
    }

    /** A client that hangs up stops waiting: its request is cancelled (set before it can complete). */
    static AtomicReference<Cancellable> cancelOnClose(RoutingContext ctx) {
        AtomicReference<Cancellable> running = new AtomicReference<>();
        ctx.response().closeHandler(ignored -> {
            Cancellable request = running.get();
            if (request != null) {
                request.cancel();
            }
        });
        return running;
    }

    private void batch(RoutingContext ctx, McpSession session, Caller caller, Incoming incoming, long bytes) {
        List<Uni<JsonObject>> replies = new ArrayList<>();
        for (JsonObject message : incoming.messages()) {
            if (JsonRpc.isRequest(message)) {
                replies.add(Uni.createFrom().emitter(emitter -> exchanges.request(session, caller, message,
                        session::sendOnStream, bytes, emitter::complete,
                        () -> emitter.complete(Exchanges.cancelled(message)))));
            } else {
                exchanges.accept(session, message);
            }
        }
        Uni.join().all(replies).andFailFast().subscribe().with(
                responses -> HttpReplies.json(ctx, 200, new JsonArray(new ArrayList<>(responses)).toBuffer()),
                failure -> guard.refuse(ctx, failure));
    }

    /** GET: the stream for notifications not tied to a request (list_changed, log messages). */
    private void get(RoutingContext ctx, Caller caller) {
        String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
        if (accept == null || !accept.contains(EVENT_STREAM)) {
            guard.refuse(ctx, new ProblemException(ProblemType.METHOD_NOT_ALLOWED,
                    "GET on this endpoint opens an event stream; send Accept: " + EVENT_STREAM + "."));
            return;
        }
        session(ctx, caller, session -> {
            session.touch();
            if (ctx.response().closed()) {
                // The client hung up before its stream opened: a response it cannot read takes no close handler.
                return;
            }
            SseChannel channel = SseChannel.open(ctx.response(), 200);
            session.stream(channel);
            // The stream lives no longer than the credential it was opened with; the client reconnects with a new one.
            CredentialWatch.Watching watching = credentials.watch(caller, reason -> {
                session.clearStream(channel);
                channel.end();
            });
            ctx.response().closeHandler(ignored -> {
                watching.stop();
                session.clearStream(channel);
            });
        });
    }

    /** The end is stored before the 204 leaves: no instance continues the session after its client saw it end. */
    private void delete(RoutingContext ctx, Caller caller) {
        session(ctx, caller, session -> sessions.close(session, McpSession.CLOSED).subscribe().with(
                ignored -> ctx.response().setStatusCode(204).end(), failure -> guard.refuse(ctx, failure)));
    }

    /**
     * Hands {@code then} the session the request names, if it was opened with this caller's credential, held here or
     * restored from its row (another instance opened it); else answers 400 (none named) or 404 (unknown, ended,
     * another user's, or opened with another credential of the same user).
     */
    private void session(RoutingContext ctx, Caller caller, Consumer<McpSession> then) {
        String id = ctx.request().getHeader(SESSION_HEADER);
        if (id == null || id.isBlank()) {
            HttpReplies.json(ctx, 400, JsonRpc.error(null, McpErrorCodes.INVALID_REQUEST,
                    "Missing " + SESSION_HEADER + " header; initialize first.").toBuffer());
            return;
        }
        sessions.use(id, caller).subscribe().with(found -> {
            McpSession session = found.filter(s -> s.scope().equals(scope(ctx))).orElse(null);
            if (session == null) {
                HttpReplies.json(ctx, 404, JsonRpc.error(null, McpErrorCodes.SESSION_NOT_FOUND,
                        "Session not found; initialize a new one.").toBuffer());
            } else {
                then.accept(session);
            }
        }, failure -> guard.refuse(ctx, ProblemException.unavailable(
                "Sessions cannot be looked up now; try again shortly.")));
    }

    static boolean wantsStream(RoutingContext ctx, JsonObject request) {
        String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
        JsonObject params = request.getValue("params") instanceof JsonObject p ? p : null;
        JsonObject meta = params == null ? null : params.getJsonObject("_meta");
        return accept != null && accept.contains(EVENT_STREAM) && meta != null && meta.containsKey("progressToken");
    }
}
