package one.mcps.tools.bridge;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.errors.ProblemType;
import one.mcps.platform.errors.RouteProblems;
import one.mcps.platform.http.OpenStreams;
import one.mcps.platform.security.Caller;
import one.mcps.platform.security.Roles;
import one.mcps.platform.security.VerifiedTokens;
import one.mcps.tools.lifecycle.RunningTool;
import one.mcps.tools.lifecycle.Supervisor;
import one.mcps.tools.ownership.Leases;
import one.mcps.tools.mcp.JsonRpc;
import one.mcps.tools.mcp.JsonRpcMux;
import one.mcps.platform.mcp.McpErrorCodes;

/**
 * {@code /internal/tools/{name}/mcp}: MCP Streamable HTTP for each running stdio tool, for mcp-proxy-service
 * (service role only: the bridge runs any tool without its {@code allowed_roles}, so no user, admin included, may
 * reach it directly; users go through mcp-proxy, which applies them). Plain Vert.x routes because the MCP SDK's server transports are
 * Servlet-only. POST carries one JSON-RPC message, or a batch of them (answered with one JSON array):
 * {@code initialize} opens a session (answered from the server's own initialize result, the process is
 * initialized once; a per-session tool's session gets a process of its own first), requests are answered as
 * JSON, or as an event stream when the client asked for progress or only accepts streams; GET opens the session's
 * stream for server notifications and requests; DELETE ends the session (and a per-session tool's process).
 */
@ApplicationScoped
public class BridgeRoutes {

    static final String PATH = "/internal/tools/:name/mcp";
    /** Just before Quarkus' authentication filter (filters are routed at minus their priority). */
    private static final int KNOWN_CALLER_ORDER = -(SecurityHandlerPriorities.AUTHENTICATION + 1);
    private static final String SESSION_HEADER = "Mcp-Session-Id";
    private static final String VERSION_HEADER = "MCP-Protocol-Version";
    private static final String JSON = "application/json";
    /** Not in the platform's ProblemType yet (a request to the lead): the bridge is its only user. */
    private static final String ONLY_SERVICES = "Only MCPS.ONE services may use the bridge; users reach tools "
            + "through mcp-proxy (/mcp).";

    private final Supervisor supervisor;
    private final SessionRouter sessions;
    private final VerifiedTokens callers;
    private final Vertx vertx;
    private final RouteProblems problems;
    private final long maxBodyBytes;
    private final int queueLimit;
    private final Map<String, ConcurrencyLimiter> limiters = new ConcurrentHashMap<>();
    private final Leases leases;
    private final OpenStreams streams;

    public BridgeRoutes(Supervisor supervisor, SessionRouter sessions, VerifiedTokens callers, Vertx vertx,
            RouteProblems problems, Leases leases, OpenStreams streams,
            @ConfigProperty(name = "mcps.tools.bridge.max-body-bytes") long maxBodyBytes,
            @ConfigProperty(name = "mcps.tools.bridge.queue-limit") int queueLimit) {
        this.supervisor = supervisor;
        this.leases = leases;
        this.streams = streams;
        this.sessions = sessions;
        this.callers = callers;
        this.vertx = vertx;
        this.problems = problems;
        this.maxBodyBytes = maxBodyBytes;
        this.queueLimit = queueLimit;
    }

    void register(@Observes Router router) {
        router.post(PATH).order(KNOWN_CALLER_ORDER).handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));
        router.post(PATH).order(KNOWN_CALLER_ORDER).handler(rc -> knownCaller(rc, () -> post(rc)));
        router.get(PATH).order(KNOWN_CALLER_ORDER).handler(rc -> knownCaller(rc, () -> get(rc)));
        router.delete(PATH).order(KNOWN_CALLER_ORDER).handler(rc -> knownCaller(rc, () -> delete(rc)));
        router.post(PATH).handler(rc -> authorized(rc, () -> post(rc)));
        router.get(PATH).handler(rc -> authorized(rc, () -> get(rc)));
        router.delete(PATH).handler(rc -> authorized(rc, () -> delete(rc)));
    }

    // ---- POST: one JSON-RPC message

    private void post(RoutingContext rc) {
        Optional<RunningTool> running = supervisor.running(rc.pathParam("name"));
        if (running.isEmpty()) {
            notRunningHere(rc, rc.pathParam("name"));
            return;
        }
        RunningTool tool = running.get();
        JsonNode parsed;
        try {
            parsed = JsonRpc.MAPPER.readTree(rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes());
        } catch (IOException e) {
            rpcError(rc, 400, null, McpErrorCodes.PARSE_ERROR, "The body is not JSON.");
            return;
        }
        if (parsed instanceof ArrayNode batch) {
            batch(rc, tool, batch);
            return;
        }
        if (!(parsed instanceof ObjectNode message) || !message.has("jsonrpc")) {
            rpcError(rc, 400, null, McpErrorCodes.INVALID_REQUEST, "The body is not a JSON-RPC message.");
            return;
        }
        if (!supportedVersion(rc, message.get("id"))) {
            return;
        }
        if ("initialize".equals(JsonRpc.method(message)) && JsonRpc.isRequest(message)) {
            initialize(rc, tool, message);
            return;
        }
        Target target = target(rc, tool, message.get("id"));
        if (target == null) {
            return;
        }
        BridgeSession session = target.session();
        tool = target.tool();
        if (JsonRpc.isResponse(message)) {
            sessions.answerServer(session, message);
            rc.response().setStatusCode(202).end();
        } else if (JsonRpc.isNotification(message)) {
            notification(tool, session, message);
            rc.response().setStatusCode(202).end();
        } else if (JsonRpc.isRequest(message)) {
            request(rc, tool, session, message);
        } else {
            rpcError(rc, 400, message.get("id"), McpErrorCodes.INVALID_REQUEST, "Not a request, notification or response.");
        }
    }

    /** A session and the tool connection that serves it (for a per-session tool, the session's own process). */
    private record Target(RunningTool tool, BridgeSession session) {
    }

    /** The session a message belongs to, touched; or null when the client was answered with why there is none. */
    private Target target(RoutingContext rc, RunningTool tool, JsonNode id) {
        String sessionId = rc.request().getHeader(SESSION_HEADER);
        if (sessionId == null) {
            rpcError(rc, 400, id, McpErrorCodes.INVALID_REQUEST, "Send initialize first, then " + SESSION_HEADER
                    + " with every request.");
            return null;
        }
        BridgeSession session = sessions.find(sessionId);
        if (session == null || !session.tool.equals(tool.name())) {
            rpcError(rc, 404, id, McpErrorCodes.INVALID_REQUEST, "Unknown or expired session; initialize a new one.");
            return null;
        }
        RunningTool serving = tool;
        if (tool.perSession()) {
            Optional<RunningTool> own = supervisor.running(tool.name(), session.id);
            if (own.isEmpty()) {
                sessions.close(session);
                rpcError(rc, 404, id, McpErrorCodes.INVALID_REQUEST, "The MCP server process of this session has ended; "
                        + "initialize a new session.");
                return null;
            }
            serving = own.get();
        }
        session.touch();
        return new Target(serving, session);
    }

    private static boolean supportedVersion(RoutingContext rc, JsonNode id) {
        String version = rc.request().getHeader(VERSION_HEADER);
        if (version != null && !JsonRpc.PROTOCOL_VERSIONS.contains(version)) {
            rpcError(rc, 400, id, McpErrorCodes.INVALID_REQUEST, "Unsupported " + VERSION_HEADER + ": " + version
                    + " (supported: " + String.join(", ", JsonRpc.PROTOCOL_VERSIONS) + ").");
            return false;
        }
        return true;
    }

    // ---- POST of a batch (protocol 2025-03-26): an array of messages

    /**
     * Answers the requests of a batch with one JSON array, in their order, once the last is in; notifications and
     * responses get no entry (nothing but requests: 202). {@code initialize} cannot be batched; an element that
     * is no JSON-RPC message gets an Invalid Request entry, as JSON-RPC 2.0 asks.
     */
    private void batch(RoutingContext rc, RunningTool running, ArrayNode messages) {
        if (messages.isEmpty()) {
            rpcError(rc, 400, null, McpErrorCodes.INVALID_REQUEST, "An empty batch is not a JSON-RPC request.");
            return;
        }
        if (!supportedVersion(rc, null)) {
            return;
        }
        Target target = target(rc, running, null);
        if (target == null) {
            return;
        }
        RunningTool tool = target.tool();
        BridgeSession session = target.session();
        List<ObjectNode> answered = new ArrayList<>();
        for (JsonNode element : messages) {
            if (element instanceof ObjectNode message && message.has("jsonrpc") && JsonRpc.isRequest(message)) {
                answered.add(message);
            } else if (element instanceof ObjectNode message && message.has("jsonrpc")
                    && JsonRpc.isResponse(message)) {
                sessions.answerServer(session, message);
            } else if (element instanceof ObjectNode message && message.has("jsonrpc")
                    && JsonRpc.isNotification(message)) {
                notification(tool, session, message);
            } else {
                answered.add(JsonRpc.error(element.get("id"), McpErrorCodes.INVALID_REQUEST,
                        "Not a JSON-RPC request, notification or response."));
            }
        }
        HttpServerResponse response = rc.response();
        if (answered.isEmpty()) {
            response.setStatusCode(202).end();
            return;
        }
        Queue<Runnable> cancels = new ConcurrentLinkedQueue<>();
        BatchReplies replies = new BatchReplies(answered.size(), array -> {
            if (!response.ended() && !response.closed()) {
                response.putHeader("Content-Type", JSON).end(Buffer.buffer(array));
            }
        });
        response.closeHandler(v -> cancels.forEach(Runnable::run));
        ConcurrencyLimiter limiter = limiter(tool);
        for (int slot = 0; slot < answered.size(); slot++) {
            ObjectNode message = answered.get(slot);
            int at = slot;
            if (message.has("error")) {
                replies.fill(at, JsonRpcMux.serialize(message));
            } else if ("initialize".equals(JsonRpc.method(message))) {
                replies.fill(at, JsonRpcMux.serialize(JsonRpc.error(message.get("id"), McpErrorCodes.INVALID_REQUEST,
                        "initialize cannot be part of a batch.")));
            } else if ("ping".equals(JsonRpc.method(message))) {
                replies.fill(at, JsonRpcMux.serialize(JsonRpc.result(message.get("id"), JsonRpc.NODES.objectNode())));
            } else if (!limiter.submit(() -> cancels.add(forward(tool, session, message, null, limiter,
                    reply -> replies.fill(at, reply))))) {
                replies.fill(at, JsonRpcMux.serialize(JsonRpc.error(message.get("id"), McpErrorCodes.SERVER_UNAVAILABLE,
                        busy(tool))));
            }
        }
    }

    private void initialize(RoutingContext rc, RunningTool tool, ObjectNode message) {
        ObjectNode result = tool.initializeResult().deepCopy();
        String requested = message.path("params").path("protocolVersion").asText("");
        String served = result.path("protocolVersion").asText(JsonRpc.PROTOCOL_VERSIONS.get(0));
        // offer the client its own version when the server speaks it too (versions are ISO dates: they sort)
        if (JsonRpc.PROTOCOL_VERSIONS.contains(requested) && requested.compareTo(served) <= 0) {
            result.put("protocolVersion", requested);
        }
        BridgeSession session = sessions.open(tool.name(), result.path("protocolVersion").asText(),
                message.path("params").path("capabilities"));
        ObjectNode answer = JsonRpc.result(message.get("id"), result);
        boolean stream = wantsStream(rc, false);
        if (!tool.perSession()) {
            rc.response().putHeader(SESSION_HEADER, session.id);
            answer(rc, answer, stream);
            return;
        }
        // the session is answered once a process of its own is ready (the warm one at once)
        AtomicBoolean settled = new AtomicBoolean();
        rc.response().closeHandler(v -> {
            if (settled.compareAndSet(false, true)) {
                sessions.close(session);
            }
        });
        supervisor.openInstance(tool.name(), session.id).whenComplete((ready, failure) -> {
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            if (failure == null) {
                rc.response().putHeader(SESSION_HEADER, session.id);
                answer(rc, answer, stream);
                return;
            }
            sessions.close(session);
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof ProblemException problem) {
                problem.headers().forEach(rc.response()::putHeader);
                problem(rc, problem.type(), problem.getMessage());
            } else {
                problem(rc, ProblemType.UNAVAILABLE, "No MCP server process could be started for this session.");
            }
        });
    }

    private void notification(RunningTool tool, BridgeSession session, ObjectNode message) {
        String method = JsonRpc.method(message);
        if ("notifications/cancelled".equals(method)) {
            Long upstream = session.inFlight.get(message.path("params").path("requestId").toString());
            if (upstream != null) {
                ((ObjectNode) message.get("params")).put("requestId", upstream);
                tool.mux().notify(message);
            }
        }
        // notifications/initialized and roots changes concern the bridge's own session with the server: dropped
    }

    private void request(RoutingContext rc, RunningTool tool, BridgeSession session, ObjectNode message) {
        if ("ping".equals(JsonRpc.method(message))) {
            answer(rc, JsonRpc.result(message.get("id"), JsonRpc.NODES.objectNode()), false);
            return;
        }
        ConcurrencyLimiter limiter = limiter(tool);
        boolean stream = wantsStream(rc, JsonRpc.progressToken(message) != null);
        if (!limiter.submit(() -> call(rc, tool, session, message, stream, limiter))) {
            problem(rc, ProblemType.RATE_LIMITED, busy(tool));
        }
    }

    private ConcurrencyLimiter limiter(RunningTool tool) {
        ConcurrencyLimiter limiter = limiters.computeIfAbsent(tool.name(),
                n -> new ConcurrencyLimiter(tool.maxConcurrency(), queueLimit));
        limiter.resize(tool.maxConcurrency());
        return limiter;
    }

    private String busy(RunningTool tool) {
        return "Tool " + tool.name() + " has " + tool.maxConcurrency() + " calls in flight and " + queueLimit
                + " waiting; try again shortly.";
    }

    private void call(RoutingContext rc, RunningTool tool, BridgeSession session, ObjectNode message,
            boolean stream, ConcurrencyLimiter limiter) {
        HttpServerResponse response = rc.response();
        CallStream events = new CallStream(response, acceptsEvents(rc), stream);
        // the answer may come back (and end the response) before forward returns: the close handler goes first
        AtomicReference<Runnable> cancel = new AtomicReference<>();
        response.closeHandler(v -> {
            Runnable c = cancel.get();
            if (c != null) {
                c.run();
            }
        });
        cancel.set(forward(tool, session, message, events, limiter, events::answer));
    }

    /**
     * Sends one request to the tool's process on a place of {@code limiter}: {@code reply} gets the answer, or a
     * timeout error, exactly once. {@code events} is the request's own event stream, if any. Returns what cancels
     * the request when its client goes away.
     */
    private Runnable forward(RunningTool tool, BridgeSession session, ObjectNode message, CallStream events,
            ConcurrencyLimiter limiter, Consumer<byte[]> reply) {
        String clientId = message.get("id").toString();
        JsonNode originalId = message.get("id");
        JsonRpcMux mux = tool.mux();
        AtomicBoolean done = new AtomicBoolean();
        long[] upstream = new long[1];
        Consumer<byte[]> finish = answer -> {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            session.inFlight.remove(clientId);
            limiter.release();
            reply.accept(answer);
        };
        long timer = vertx.setTimer(Math.max(1, tool.callTimeoutMs()), t -> {
            cancelUpstream(mux, upstream[0], "timed out after " + tool.callTimeoutMs() + " ms");
            finish.accept(JsonRpcMux.serialize(JsonRpc.error(originalId, McpErrorCodes.SERVER_TIMEOUT,
                    "The MCP server did not answer within " + tool.callTimeoutMs() + " ms.")));
        });
        upstream[0] = mux.forward(message, new BridgeCall(session, events), answer -> {
            vertx.cancelTimer(timer);
            finish.accept(answer);
        });
        session.inFlight.put(clientId, upstream[0]);
        if (done.get()) {
            session.inFlight.remove(clientId);
        }
        return () -> {
            if (!done.get()) {
                vertx.cancelTimer(timer);
                cancelUpstream(mux, upstream[0], "the client went away");
                finish.accept(JsonRpcMux.serialize(JsonRpc.error(originalId, McpErrorCodes.REQUEST_CANCELLED,
                        "cancelled")));
            }
        };
    }

    private static void cancelUpstream(JsonRpcMux mux, long id, String reason) {
        mux.abandon(id);
        ObjectNode params = JsonRpc.NODES.objectNode().put("requestId", id).put("reason", reason);
        mux.notify(JsonRpc.notification("notifications/cancelled", params));
    }

    // ---- GET: the session's stream of server messages; DELETE: the end of a session

    private void get(RoutingContext rc) {
        String accept = rc.request().getHeader("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            problem(rc, ProblemType.NOT_ACCEPTABLE, "GET opens an event stream: send Accept: text/event-stream.");
            return;
        }
        if (supervisor.running(rc.pathParam("name")).isEmpty()) {
            notRunningHere(rc, rc.pathParam("name"));
            return;
        }
        BridgeSession session = sessions.find(rc.request().getHeader(SESSION_HEADER));
        if (session == null || !session.tool.equals(rc.pathParam("name"))) {
            problem(rc, ProblemType.NOT_FOUND, "Unknown or expired " + SESSION_HEADER + ".");
            return;
        }
        HttpServerResponse response = rc.response();
        streams.track(rc);
        SseWriter.open(response);
        response.write(": stream open\n\n");
        HttpServerResponse previous = session.stream;
        session.stream = response;
        if (previous != null && !previous.ended()) {
            previous.end();
        }
        response.closeHandler(v -> {
            if (session.stream == response) {
                session.stream = null;
            }
        });
    }

    private void delete(RoutingContext rc) {
        BridgeSession session = sessions.find(rc.request().getHeader(SESSION_HEADER));
        if (session == null || !session.tool.equals(rc.pathParam("name"))) {
            problem(rc, ProblemType.NOT_FOUND, "Unknown or expired " + SESSION_HEADER + ".");
            return;
        }
        sessions.close(session);
        rc.response().setStatusCode(204).end();
    }

    // ---- plumbing

    /**
     * A caller whose token was verified a moment ago ({@link VerifiedTokens}) is served here, ahead of Quarkus'
     * authentication, permission and REST-observability handlers, which cost more than the bridged call itself;
     * any other request goes on to them and to {@link #authorized}.
     */
    private void knownCaller(RoutingContext rc, Runnable handler) {
        Caller known = callers.lookup(rc.request().getHeader("Authorization"));
        if (known == null) {
            rc.next();
        } else if (isService(known)) {
            handler.run();
        } else {
            problem(rc, ProblemType.FORBIDDEN, ONLY_SERVICES);
        }
    }

    /**
     * Exactly a service token: {@link Caller#hasRole} lets an admin pass every role, and an admin's credential must
     * not open the bridge (issue 15: the bridge skips the tool's allowed roles and key scope).
     */
    static boolean isService(Caller caller) {
        return caller.servers() == null && caller.roles().contains(Roles.SERVICE);
    }

    /** Authenticates lazily (the platform disables proactive authentication) and requires the service role. */
    private void authorized(RoutingContext rc, Runnable handler) {
        Uni<SecurityIdentity> identity = rc.get(QuarkusHttpUser.DEFERRED_IDENTITY_KEY);
        if (identity == null) {
            problem(rc, ProblemType.UNAUTHORIZED, "A service token is required.");
            return;
        }
        identity.subscribe().with(id -> {
            if (id == null || id.isAnonymous()) {
                problem(rc, ProblemType.UNAUTHORIZED, "A service token is required.");
            } else if (!isService(Caller.of(id))) {
                problem(rc, ProblemType.FORBIDDEN, ONLY_SERVICES);
            } else {
                callers.remember(rc.request().getHeader("Authorization"), id);
                handler.run();
            }
        }, failure -> problem(rc, ProblemType.UNAUTHORIZED, "A valid service token is required."));
    }

    private static boolean wantsStream(RoutingContext rc, boolean preferStream) {
        String accept = rc.request().getHeader("Accept");
        boolean json = accept == null || accept.contains(JSON) || accept.contains("*/*");
        return acceptsEvents(rc) && (preferStream || !json);
    }

    private static boolean acceptsEvents(RoutingContext rc) {
        String accept = rc.request().getHeader("Accept");
        return accept != null && accept.contains("text/event-stream");
    }

    private static void answer(RoutingContext rc, ObjectNode message, boolean stream) {
        if (stream) {
            SseWriter.open(rc.response());
            SseWriter.send(rc.response(), JsonRpcMux.serialize(message));
            rc.response().end();
        } else {
            rc.response().putHeader("Content-Type", JSON).end(Buffer.buffer(JsonRpcMux.serialize(message)));
        }
    }

    private static void rpcError(RoutingContext rc, int status, JsonNode id, int code, String text) {
        rc.response().setStatusCode(status).putHeader("Content-Type", JSON)
                .end(Buffer.buffer(JsonRpcMux.serialize(JsonRpc.error(id, code, text))));
    }

    /**
     * A tool that does not run here: when another live instance owns it (it was taken over, or the caller's URL
     * is stale) 421 {@code tool-moved} with the owner's bridge in {@code Location}, so the caller goes there at
     * once instead of waiting; else 404 as before.
     */
    private void notRunningHere(RoutingContext rc, String name) {
        leases.leaseByName(name).subscribe().with(lease -> {
            if (lease != null && lease.live() && !lease.owner().equals(leases.instanceId())
                    && lease.ownerBridgeBase() != null) {
                moved(rc, lease.ownerBridgeBase() + "/internal/tools/" + name + "/mcp", lease.owner());
            } else {
                problem(rc, ProblemType.NOT_FOUND, "No stdio tool named " + name + " is running.");
            }
        }, failure -> problem(rc, ProblemType.NOT_FOUND, "No stdio tool named " + name + " is running."));
    }

    private void moved(RoutingContext rc, String ownerUrl, String owner) {
        problems.send(rc, ProblemType.TOOL_MOVED, "Tool " + rc.pathParam("name") + " runs on instance " + owner + ": "
                + ownerUrl, Map.of("Location", ownerUrl));
    }

    private void problem(RoutingContext rc, ProblemType type, String detail) {
        problems.send(rc, type, detail);
    }
}
