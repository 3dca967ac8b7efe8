package one.mcps.tools.bridge;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import one.mcps.tools.lifecycle.InstanceEnded;
import one.mcps.tools.lifecycle.SessionClosed;
import one.mcps.tools.mcp.JsonRpc;
import one.mcps.tools.mcp.JsonRpcMux;
import one.mcps.tools.mcp.UpstreamListener;
import one.mcps.platform.mcp.McpErrorCodes;

/**
 * The bridge's sessions, and where what a server sends on its own goes: progress to the request it is about,
 * list changes and log messages to every session of the tool, and a request to a client (sampling, elicitation,
 * roots) to the one session that can be its origin, or straight back as a JSON-RPC error, so the server never
 * waits for an answer that cannot come.
 */
@ApplicationScoped
public class SessionRouter implements UpstreamListener {

    private static final Map<String, String> CAPABILITY_OF = Map.of("sampling/createMessage", "sampling",
            "elicitation/create", "elicitation", "roots/list", "roots");

    private final Map<String, BridgeSession> sessions = new ConcurrentHashMap<>();
    private final AtomicLong serverRequestIds = new AtomicLong();
    private final Vertx vertx;
    private final Event<SessionClosed> closed;
    private final Duration idleTimeout;
    private final Duration serverRequestTimeout;

    public SessionRouter(Vertx vertx, Event<SessionClosed> closed,
            @ConfigProperty(name = "mcps.tools.bridge.session-idle-timeout") Duration idleTimeout,
            @ConfigProperty(name = "mcps.tools.bridge.server-request-timeout") Duration serverRequestTimeout) {
        this.vertx = vertx;
        this.closed = closed;
        this.idleTimeout = idleTimeout;
        this.serverRequestTimeout = serverRequestTimeout;
    }

    void start(@Observes StartupEvent event) {
        long every = Math.max(1000, idleTimeout.toMillis() / 4);
        vertx.setPeriodic(every, id -> reapIdle());
    }

    BridgeSession open(String tool, String protocolVersion, JsonNode clientCapabilities) {
        BridgeSession session = new BridgeSession(UUID.randomUUID().toString(), tool, protocolVersion,
                clientCapabilities);
        sessions.put(session.id, session);
        return session;
    }

    BridgeSession find(String id) {
        return id == null ? null : sessions.get(id);
    }

    /** Ends the session (its stream too) and tells the supervisor, which ends its process if it has one. */
    void close(BridgeSession session) {
        if (sessions.remove(session.id) != null) {
            closed.fire(new SessionClosed(session.tool, session.id));
        }
        if (session.stream != null && !session.stream.ended()) {
            session.stream.end();
        }
    }

    int count(String tool) {
        return (int) sessions.values().stream().filter(s -> s.tool.equals(tool)).count();
    }

    @Override
    public void onNotification(String tool, ObjectNode notification, Object owner) {
        byte[] json = JsonRpcMux.serialize(notification);
        if (owner instanceof BridgeCall call) {
            if (call.events() == null || !call.events().send(json)) {
                SseWriter.send(call.session().stream, json);
            }
            return;
        }
        for (BridgeSession s : sessionsOf(tool)) {
            SseWriter.send(s.stream, json);
        }
    }

    @Override
    public void onSessionNotification(String tool, String sessionId, ObjectNode notification, Object owner) {
        if (owner instanceof BridgeCall) {
            onNotification(tool, notification, owner);
            return;
        }
        BridgeSession session = find(sessionId);
        if (session != null) {
            SseWriter.send(session.stream, JsonRpcMux.serialize(notification));
        }
    }

    /** The process of a per-session tool's session is gone for good: so is the session (its stream ends). */
    void onInstanceEnded(@Observes InstanceEnded ended) {
        BridgeSession session = find(ended.sessionId());
        if (session != null && session.tool.equals(ended.tool())) {
            close(session);
        }
    }

    @Override
    public void onServerRequest(String tool, JsonRpcMux mux, ObjectNode request) {
        String method = JsonRpc.method(request);
        JsonNode serverId = request.get("id");
        if ("ping".equals(method)) {
            mux.respondToServer(JsonRpc.result(serverId, JsonRpc.NODES.objectNode()));
            return;
        }
        List<BridgeCall> calls = mux.ownersInFlight().stream().filter(BridgeCall.class::isInstance)
                .map(BridgeCall.class::cast).toList();
        List<BridgeSession> origins = calls.stream().map(BridgeCall::session).distinct().toList();
        String capability = CAPABILITY_OF.get(method);
        if (origins.size() != 1 || capability == null || !origins.get(0).declared(capability)) {
            mux.respondToServer(JsonRpc.error(serverId, McpErrorCodes.METHOD_NOT_FOUND,
                    origins.size() > 1 ? method + " cannot be attributed to one of several client sessions"
                            : method + " is not available: no client session that declared " + capability
                                    + " is waiting on this server"));
            return;
        }
        BridgeSession session = origins.get(0);
        // The server's own id goes through, as on any transport: a client may name what it answers by it (the proxy
        // keys a stateless client's input requests by it). Only an id already waiting for an answer in this session
        // gets one of ours, so that two answers can never be confused.
        String ownId = serverId == null || serverId.isNull() ? "" : serverId.asText();
        String bridgeId = ownId.isEmpty() || session.serverRequests.containsKey(ownId)
                ? "mcps-server-" + serverRequestIds.incrementAndGet() : ownId;
        long timer = vertx.setTimer(serverRequestTimeout.toMillis(), t -> {
            if (session.serverRequests.remove(bridgeId) != null) {
                mux.respondToServer(JsonRpc.error(serverId, McpErrorCodes.SERVER_UNAVAILABLE,
                        "The client did not answer " + method + " in time"));
            }
        });
        session.serverRequests.put(bridgeId, new BridgeSession.ServerRequest(mux, serverId, timer));
        if (!bridgeId.equals(ownId)) {
            request.set("id", TextNode.valueOf(bridgeId));
        }
        byte[] json = JsonRpcMux.serialize(request);
        boolean sent = calls.stream().filter(c -> c.session() == session)
                .anyMatch(c -> c.events() != null && c.events().send(json)) || SseWriter.send(session.stream, json);
        if (!sent && session.serverRequests.remove(bridgeId) != null) {
            vertx.cancelTimer(timer);
            request.set("id", serverId);
            mux.respondToServer(JsonRpc.error(serverId, McpErrorCodes.METHOD_NOT_FOUND,
                    method + " is not available: the client session has no open stream to receive it"));
        }
    }

    /** A client's answer to a forwarded server request. */
    boolean answerServer(BridgeSession session, ObjectNode response) {
        BridgeSession.ServerRequest pending = session.serverRequests.remove(response.path("id").asText());
        if (pending == null) {
            return false;
        }
        vertx.cancelTimer(pending.timer());
        response.set("id", pending.serverId());
        pending.mux().respondToServer(response);
        return true;
    }

    private Collection<BridgeSession> sessionsOf(String tool) {
        return sessions.values().stream().filter(s -> s.tool.equals(tool)).toList();
    }

    private void reapIdle() {
        long now = System.nanoTime();
        sessions.values().stream().filter(s -> s.stream == null && s.inFlight.isEmpty()
                && now - s.lastSeen > idleTimeout.toNanos()).toList().forEach(this::close);
    }
}
