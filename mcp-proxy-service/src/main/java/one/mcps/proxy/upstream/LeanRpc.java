package one.mcps.proxy.upstream;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.ProtocolVersions;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import one.mcps.platform.http.EventLoopHttpClients;
import one.mcps.platform.security.ServiceTokenClient;
import one.mcps.proxy.jsonrpc.JsonRpc;
import one.mcps.proxy.jsonrpc.McpJson;
import one.mcps.proxy.jsonrpc.McpRpcException;
import one.mcps.platform.mcp.McpErrorCodes;

/**
 * The request path to a Streamable HTTP upstream, on Vert.x's pooled keep-alive HTTP/1.1 client: one POST per
 * request, its answer read as JSON or as an event stream, on the event loop. It holds an MCP session of its own with
 * the upstream (re-initialized when the upstream answers 404), separate from the SDK client's, which still lists
 * the catalog and receives list_changed and resource updates on its GET stream. Measured: the SDK's path (JDK
 * HttpClient, Reactor, thread hops) cost ~6 ms per call, this one a fraction of a millisecond.
 *
 * <p>What arrives on a call's stream is handled as the SDK would: progress and log notifications go to the
 * listener, and sampling/elicitation/roots requests go to the client session that made this very call (the call's
 * stream says which), their answers POSTed back. A call given up before its answer (the client cancelled it, its
 * session ended, it timed out) is cancelled upstream with {@code notifications/cancelled} and its stream reset.
 *
 * <p>A listening instance also opens the upstream session's GET stream, where the server sends what belongs to no
 * call: log messages go to the listener as from a call; a request there is for the owner when the instance has one
 * (one client session's own upstream session, a per_session tool: say, {@code roots/list} after the client's roots
 * changed), else for the one client session calling this server now, as on the SDK path.
 */
final class LeanRpc {

    private static final Logger LOG = Logger.getLogger(LeanRpc.class);
    private static final String SESSION_HEADER = "Mcp-Session-Id";
    private static final String VERSION_HEADER = "MCP-Protocol-Version";
    private static final String NOTIFICATION_CANCELLED = "notifications/cancelled";
    private static final String CANCELLED_REASON = "The proxy's client cancelled the request, or it timed out.";

    private final RunningTool tool;
    private final EventLoopHttpClients http;
    /** Where the GET stream is opened; null for an instance that does not listen (a one-request session). */
    private final HttpClient streams;
    private final String owner;
    private final AtomicReference<HttpClientRequest> listening = new AtomicReference<>();
    private final ServiceTokenClient tokens;
    private final UpstreamListener listener;
    private final McpJson json;
    private final Duration timeout;
    private final Duration initializeTimeout;
    private final JsonObject initializeParams;
    private final RequestOptions target;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicReference<Uni<Session>> session = new AtomicReference<>();
    private final String url;
    /**
     * The upstream session another proxy instance opened for our client session (stored), taken over once; after
     * the upstream forgot it, a new one is opened.
     */
    private final AtomicReference<Session> seed;
    /** Stores a new upstream session of a client session before the request that needed it is sent; or null. */
    private final Function<Session, Uni<Void>> onOpened;

    record Session(String id, String protocolVersion) {
    }

    private record Reply(JsonObject result, String sessionId) {
    }

    /** The upstream forgot our session (restarted, or expired it): initialize again and resend once. */
    private static final class SessionGone extends IOException {
        SessionGone() {
            super("upstream session expired", null);
        }
    }

    /**
     * The address answered with a problem (404, 409, 421) instead of MCP: the tool is not served there (any more),
     * as tool-service's bridge says when another instance owns the tool. The request was not run.
     */
    static final class NotServedHere extends IOException {
        NotServedHere(String tool, int status) {
            super("Upstream " + tool + " is not served at its address any more (HTTP " + status + ")", null);
        }
    }

    LeanRpc(RunningTool tool, String url, EventLoopHttpClients http, HttpClient streams, ServiceTokenClient tokens,
            UpstreamListener listener, McpJson json, Duration timeout, Duration initializeTimeout,
            McpSchema.Implementation clientInfo, String owner, Session seed, Function<Session, Uni<Void>> onOpened) {
        this.tool = tool;
        this.url = url;
        this.seed = new AtomicReference<>(seed);
        this.onOpened = onOpened;
        this.http = http;
        this.streams = streams;
        this.owner = owner;
        this.tokens = tokens;
        this.listener = listener;
        this.json = json;
        this.timeout = timeout;
        this.initializeTimeout = initializeTimeout;
        this.initializeParams = new JsonObject()
                .put("protocolVersion", ProtocolVersions.MCP_2025_11_25)
                // Declared so upstreams may ask; each request goes to the client session whose call it came with.
                .put("capabilities", new JsonObject().put("sampling", new JsonObject())
                        .put("elicitation", new JsonObject())
                        .put("roots", new JsonObject().put("listChanged", true)))
                .put("clientInfo", json.toJson(clientInfo));
        URI uri = URI.create(url);
        boolean ssl = "https".equalsIgnoreCase(uri.getScheme());
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        this.target = new RequestOptions().setHost(uri.getHost())
                .setPort(uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80).setSsl(ssl)
                .setURI(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
    }

    String url() {
        return url;
    }

    /**
     * One request; its result object, or McpError when the upstream answered with a JSON-RPC error. {@code input}
     * is the client session that makes it (null for REST calls): requests the upstream sends back during it go there.
     */
    Uni<JsonObject> request(String method, JsonObject params, ClientInput input) {
        return session().chain(s -> timed(exchange(s, method, params, input)))
                .onFailure(SessionGone.class).recoverWithUni(gone -> {
                    session.set(null);
                    return session().chain(s -> timed(exchange(s, method, params, input)));
                })
                .map(Reply::result);
    }

    /**
     * The call's own time limit; opening the session has the initialize timeout instead, since a per_session tool's
     * bridge starts a process for it first.
     */
    private Uni<Reply> timed(Uni<Reply> exchange) {
        return exchange.ifNoItem().after(timeout).fail();
    }

    /** A notification for the upstream in our session, if we have one (nothing to tell a session never opened). */
    void notify(String method) {
        Uni<Session> current = session.get();
        if (current != null) {
            current.chain(s -> post(s, new JsonObject().put("jsonrpc", McpSchema.JSONRPC_VERSION).put("method", method)))
                    .subscribe().with(ignored -> {
                    }, e -> LOG.debugf("Upstream %s: sending %s failed: %s", tool.name(), method, e.getMessage()));
        }
    }

    /** Ends an upstream session another instance opened (a stored one of a client session that ended). */
    void end(Session stored) {
        session.set(Uni.createFrom().item(stored));
        close();
    }

    /** Stops listening and lets the session go without ending it upstream: another instance may continue it. */
    void leave() {
        HttpClientRequest stream = listening.getAndSet(null);
        if (stream != null) {
            stream.reset();
        }
        session.set(null);
    }

    /** Ends our session upstream; the server would expire it anyway. */
    void close() {
        HttpClientRequest stream = listening.getAndSet(null);
        if (stream != null) {
            stream.reset();
        }
        Uni<Session> current = session.getAndSet(null);
        if (current != null) {
            current.chain(s -> headers(s).chain(headers -> Uni.createFrom().completionStage(
                    () -> http.current().request(options(HttpMethod.DELETE, headers))
                            .compose(request -> request.send()).compose(HttpClientResponse::body)
                            .toCompletionStage())))
                    .subscribe().with(ignored -> {
                    }, e -> LOG.debugf("Upstream %s: ending the session failed: %s", tool.name(), e.getMessage()));
        }
    }

    private Uni<Session> session() {
        Uni<Session> current = session.get();
        if (current != null) {
            return current;
        }
        AtomicReference<Uni<Session>> self = new AtomicReference<>();
        Uni<Session> fresh = Uni.createFrom().deferred(this::openSession).ifNoItem().after(initializeTimeout).fail()
                .onFailure().invoke(() -> session.compareAndSet(self.get(), null))
                .memoize().indefinitely();
        self.set(fresh);
        return session.compareAndSet(null, fresh) ? fresh : session();
    }

    /** The stored upstream session of our client session if there is one to take over, else a new one (stored). */
    private Uni<Session> openSession() {
        Session stored = seed.getAndSet(null);
        if (stored != null) {
            if (streams != null) {
                listen(stored);
            }
            return Uni.createFrom().item(stored);
        }
        return onOpened == null ? initialize() : initialize().call(opened -> onOpened.apply(opened));
    }

    private Uni<Session> initialize() {
        Session none = new Session(null, null);
        return exchange(none, McpSchema.METHOD_INITIALIZE, initializeParams, ClientInput.NONE).chain(reply -> {
            Session opened = new Session(reply.sessionId(),
                    reply.result().getString("protocolVersion", ProtocolVersions.MCP_2025_03_26));
            return post(opened, new JsonObject().put("jsonrpc", McpSchema.JSONRPC_VERSION)
                    .put("method", McpSchema.METHOD_NOTIFICATION_INITIALIZED))
                    .invoke(() -> {
                        if (streams != null && opened.id() != null) {
                            listen(opened);
                        }
                    })
                    .replaceWith(opened);
        });
    }

    /** Opens the session's GET stream; a server that offers none (405) or ends it is simply not listened to. */
    private void listen(Session s) {
        ClientInput asked = owner != null
                ? (id, method, capability, params, limit) -> listener.askSession(tool.name(), owner, method,
                        capability, params, limit)
                : (id, method, capability, params, limit) -> listener.askClient(tool.name(), method, capability,
                        params, limit);
        headers(s).subscribe().with(headers -> {
            headers.remove("Content-Type").set("Accept", "text/event-stream");
            streams.request(options(HttpMethod.GET, headers)).compose(request -> {
                HttpClientRequest previous = listening.getAndSet(request);
                if (previous != null) {
                    previous.reset();
                }
                return request.send();
            }).onSuccess(response -> {
                if (response.statusCode() != 200) {
                    response.body();
                    return;
                }
                response.handler(new SseMessages(data -> fromServer(s, parsed(data), asked)));
                response.exceptionHandler(e -> LOG.debugf("Upstream %s: stream of session %s ended: %s", tool.name(),
                        owner, e.getMessage()));
            }).onFailure(e -> LOG.debugf("Upstream %s: no stream for session %s: %s", tool.name(), owner,
                    e.getMessage()));
        }, e -> LOG.debugf("Upstream %s: no stream for session %s: %s", tool.name(), owner, e.getMessage()));
    }

    private Uni<MultiMap> headers(Session s) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .set("Content-Type", "application/json")
                .set("Accept", "application/json, text/event-stream");
        tool.headers().forEach(headers::set);
        if (s.id() != null) {
            headers.set(SESSION_HEADER, s.id());
        }
        if (s.protocolVersion() != null) {
            headers.set(VERSION_HEADER, s.protocolVersion());
        }
        if (!tool.viaBridge()) {
            return Uni.createFrom().item(headers);
        }
        return tokens.authorization().map(authorization -> headers.set("Authorization", authorization));
    }

    private RequestOptions options(HttpMethod method, MultiMap headers) {
        return new RequestOptions(target).setMethod(method).setHeaders(headers);
    }

    private Uni<Reply> exchange(Session s, String method, JsonObject params, ClientInput input) {
        long id = ids.incrementAndGet();
        Buffer body = new JsonObject().put("jsonrpc", McpSchema.JSONRPC_VERSION).put("id", id).put("method", method)
                .put("params", params).toBuffer();
        return headers(s).chain(headers -> Uni.createFrom().emitter(emitter -> {
            AtomicBoolean answered = new AtomicBoolean();
            http.current().request(options(HttpMethod.POST, headers)).onSuccess(request -> {
                emitter.onTermination(() -> {
                    if (answered.compareAndSet(false, true)) {
                        cancelUpstream(s, id, method);
                        request.reset();
                    }
                });
                request.send(body).onSuccess(response -> read(s, response, id, input, answered, emitter))
                        .onFailure(emitter::fail);
            }).onFailure(emitter::fail);
        }));
    }

    /** The spec's way to stop work we no longer wait for; initialize may not be cancelled, and has no session yet. */
    private void cancelUpstream(Session s, long id, String method) {
        if (s.id() == null || McpSchema.METHOD_INITIALIZE.equals(method)) {
            return;
        }
        post(s, new JsonObject().put("jsonrpc", McpSchema.JSONRPC_VERSION)
                .put("method", NOTIFICATION_CANCELLED)
                .put("params", new JsonObject().put("requestId", id).put("reason", CANCELLED_REASON)))
                .subscribe().with(ignored -> {
                }, e -> LOG.debugf("Upstream %s: cancelling request %d failed: %s", tool.name(), id, e.getMessage()));
    }

    private void read(Session s, HttpClientResponse response, long id, ClientInput input, AtomicBoolean answered,
            UniEmitter<? super Reply> emitter) {
        int status = response.statusCode();
        if (status == 404 && s.id() != null && !isProblem(response)) {
            answered.set(true);
            response.body().onComplete(ignored -> emitter.fail(new SessionGone()));
            return;
        }
        if ((status == 404 || status == 409 || status == 421) && isProblem(response)) {
            answered.set(true);
            response.body().onComplete(ignored -> emitter.fail(new NotServedHere(tool.name(), status)));
            return;
        }
        if (status == 429) {
            answered.set(true);
            String retryAfter = response.getHeader("Retry-After");
            response.body().onComplete(ignored -> emitter.fail(McpError.builder(McpErrorCodes.SERVER_UNAVAILABLE)
                    .message("Server " + tool.name() + " has no room for another session now"
                            + (retryAfter == null ? "" : "; retry after " + retryAfter + " s") + ".")
                    .build()));
            return;
        }
        if (status < 200 || status >= 300) {
            answered.set(true);
            response.body().onComplete(ignored -> emitter.fail(
                    new IOException("Upstream " + tool.name() + " answered HTTP " + status)));
            return;
        }
        String sessionId = response.getHeader(SESSION_HEADER) != null ? response.getHeader(SESSION_HEADER) : s.id();
        Session current = new Session(sessionId, s.protocolVersion());
        String type = response.getHeader("Content-Type");
        if (type != null && type.startsWith("text/event-stream")) {
            response.handler(new SseMessages(data -> message(current, parsed(data), id, input, answered, emitter)));
            response.exceptionHandler(emitter::fail);
            response.endHandler(ended -> {
                if (answered.compareAndSet(false, true)) {
                    emitter.fail(new IOException("Upstream " + tool.name() + " ended its stream without an answer"));
                }
            });
        } else {
            response.body().onSuccess(reply -> message(current, reply.toJsonObject(), id, input, answered, emitter))
                    .onFailure(emitter::fail);
        }
    }

    private static boolean isProblem(HttpClientResponse response) {
        String type = response.getHeader("Content-Type");
        return type != null && type.startsWith("application/problem+json");
    }

    /** Something on the stream that is not JSON cannot be ours: read as an empty message, which is ignored. */
    private JsonObject parsed(String data) {
        try {
            return new JsonObject(data);
        } catch (DecodeException e) {
            LOG.debugf("Upstream %s sent an event that is not JSON: %s", tool.name(), e.getMessage());
            return new JsonObject();
        }
    }

    private void message(Session s, JsonObject message, long id, ClientInput input, AtomicBoolean answered,
            UniEmitter<? super Reply> emitter) {
        if (fromServer(s, message, input)) {
            return;
        }
        if (!(message.getValue("id") instanceof Number number) || number.longValue() != id
                || !answered.compareAndSet(false, true)) {
            return;
        }
        JsonObject error = message.getJsonObject("error");
        if (error != null) {
            emitter.fail(McpError.builder(error.getInteger("code", McpErrorCodes.INTERNAL_ERROR))
                    .message(error.getString("message", "")).data(error.getValue("data")).build());
        } else {
            emitter.complete(new Reply(message.getJsonObject("result", new JsonObject()), s.id()));
        }
    }

    /** A request or notification the server sent (true), answered or handed on; false for anything else. */
    private boolean fromServer(Session s, JsonObject message, ClientInput input) {
        String method = message.getString("method");
        if (method == null) {
            return false;
        }
        if (message.containsKey("id")) {
            answerServer(s, message, input);
        } else {
            notification(method, message.getJsonObject("params", new JsonObject()));
        }
        return true;
    }

    private void notification(String method, JsonObject params) {
        if (McpSchema.METHOD_NOTIFICATION_PROGRESS.equals(method)) {
            listener.progress(tool.name(), json.fromJson(params, McpSchema.ProgressNotification.class));
        } else if (McpSchema.METHOD_NOTIFICATION_MESSAGE.equals(method)) {
            listener.log(tool.name(), json.fromJson(params, McpSchema.LoggingMessageNotification.class));
        }
    }

    private void answerServer(Session s, JsonObject request, ClientInput input) {
        String method = request.getString("method");
        Object id = request.getValue("id");
        JsonObject params = request.getJsonObject("params", new JsonObject());
        Uni<JsonObject> answer = switch (method) {
            case McpSchema.METHOD_PING -> Uni.createFrom().item(new JsonObject());
            case McpSchema.METHOD_SAMPLING_CREATE_MESSAGE -> input.ask(id, method, "sampling", params, timeout);
            case McpSchema.METHOD_ELICITATION_CREATE -> input.ask(id, method, "elicitation", params, timeout);
            case McpSchema.METHOD_ROOTS_LIST -> input.ask(id, method, "roots", params, timeout);
            default -> Uni.createFrom().failure(new McpRpcException(McpErrorCodes.METHOD_NOT_FOUND,
                    "Method not found: " + method));
        };
        JsonObject response = new JsonObject().put("jsonrpc", McpSchema.JSONRPC_VERSION)
                .put("id", id);
        answer.map(result -> response.put("result", result))
                .onFailure().recoverWithItem(e -> response.put("error", new JsonObject()
                        .put("code", e instanceof McpRpcException rpc ? rpc.code() : McpErrorCodes.INTERNAL_ERROR)
                        .put("message", String.valueOf(e.getMessage()))))
                .chain(reply -> post(s, reply))
                .subscribe().with(ignored -> {
                }, e -> LOG.warnf("Upstream %s: answering its %s failed: %s", tool.name(), method, e.getMessage()));
    }

    /** A message with no answer (a notification or our response): the upstream acknowledges with 202. */
    private Uni<Void> post(Session s, JsonObject message) {
        return headers(s).chain(headers -> Uni.createFrom().completionStage(() -> http.current()
                .request(options(HttpMethod.POST, headers))
                .compose(request -> request.send(message.toBuffer()))
                .compose(response -> response.body().map(ignored -> response.statusCode()))
                .toCompletionStage()))
                .invoke(status -> {
                    if (status < 200 || status >= 300) {
                        throw new IllegalStateException("Upstream " + tool.name() + " answered HTTP " + status);
                    }
                })
                .replaceWithVoid();
    }
}
