package one.mcps.proxy.downstream;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.modelcontextprotocol.spec.McpSchema;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import one.mcps.proxy.catalog.Catalog;
import one.mcps.proxy.catalog.ToolNames;
import one.mcps.proxy.config.ProxyConfig;
import one.mcps.proxy.jsonrpc.JsonRpc;
import one.mcps.proxy.jsonrpc.McpRpcException;
import one.mcps.proxy.sessions.McpSession;
import one.mcps.proxy.sessions.SessionRegistry;
import one.mcps.proxy.upstream.UpstreamListener;
import one.mcps.platform.mcp.McpErrorCodes;

/**
 * Carries what upstreams say to the client sessions it concerns: catalog changes (debounced, so a server that
 * restarts or lists in several steps causes one {@code list_changed}), progress, log messages and resource updates.
 * Whether a session may hear of a server is decided by the caller of its latest request (current roles and key
 * scope), as its requests are, not by whoever opened it.
 */
@ApplicationScoped
public class SessionNotifier implements UpstreamListener {

    private static final String[] LIST_CHANGED = { "notifications/tools/list_changed",
            "notifications/resources/list_changed", "notifications/prompts/list_changed" };

    private final Catalog catalog;
    private final SessionRegistry sessions;
    private final ProgressRouter progress;
    private final ActiveCalls active;
    private final ClientRequests clientRequests;
    private final Listeners listeners;
    private final Vertx vertx;
    private final long debounceMs;
    private final Set<String> changed = new HashSet<>();
    private boolean scheduled;

    public SessionNotifier(Catalog catalog, SessionRegistry sessions, ProgressRouter progress, ActiveCalls active,
            ClientRequests clientRequests, Listeners listeners, Vertx vertx, ProxyConfig config) {
        this.listeners = listeners;
        this.catalog = catalog;
        this.sessions = sessions;
        this.progress = progress;
        this.active = active;
        this.clientRequests = clientRequests;
        this.vertx = vertx;
        this.debounceMs = Math.max(1, config.upstreams().listChangedDebounce().toMillis());
    }

    @Override
    public void catalogChanged(String server) {
        catalog.invalidate();
        synchronized (changed) {
            changed.add(server);
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        vertx.setTimer(debounceMs, id -> announceChanges());
    }

    private void announceChanges() {
        Set<String> servers;
        synchronized (changed) {
            servers = Set.copyOf(changed);
            changed.clear();
            scheduled = false;
        }
        for (McpSession session : sessions.all()) {
            if (session.stream() != null && servers.stream().anyMatch(server -> concerns(session, server))) {
                for (String method : LIST_CHANGED) {
                    session.stream().send(JsonRpc.notification(method, null));
                }
            }
        }
        listeners.listsChanged(servers);
    }

    /** A gone server's roles are unknown by now; telling a session that could not see it is harmless. */
    private static boolean concerns(McpSession session, String server) {
        return session.scope().includes(server) && session.latestCaller().mayUseServer(server);
    }

    @Override
    public void progress(String server, McpSchema.ProgressNotification notification) {
        progress.deliver(notification);
    }

    @Override
    public void log(String server, McpSchema.LoggingMessageNotification notification) {
        for (McpSession session : sessions.all()) {
            McpSchema.LoggingLevel wanted = session.logLevel();
            if (wanted == null || session.stream() == null || notification.level().level() < wanted.level()
                    || catalog.server(session.latestCaller(), session.scope(), server).isEmpty()) {
                continue;
            }
            String logger = notification.logger();
            JsonObject params = new JsonObject().put("level", notification.level().name().toLowerCase(Locale.ROOT))
                    .put("logger", session.scope().isAll() ? server + (logger == null ? "" : "/" + logger) : logger)
                    .put("data", notification.data());
            session.stream().send(JsonRpc.notification("notifications/message", params));
        }
    }

    @Override
    public void resourceUpdated(String server, String uri) {
        for (McpSession session : sessions.all()) {
            String seen = session.scope().isAll() ? ToolNames.qualifiedUri(server, uri) : uri;
            if (session.stream() != null && session.subscriptions().contains(seen)
                    && catalog.server(session.latestCaller(), session.scope(), server).isPresent()) {
                session.stream().send(JsonRpc.notification("notifications/resources/updated",
                        new JsonObject().put("uri", seen)));
            }
        }
        listeners.resourceUpdated(server, uri);
    }

    /**
     * The upstream does not say which of its calls a request belongs to (the SDK hides the stream it came on), so it
     * goes to the one client calling that server now — a session that declared the capability, or a stateless call
     * that answers through an InputRequiredResult; with none or several it is refused rather than guessed.
     */
    @Override
    public Uni<JsonObject> askClient(String server, String method, String capability, JsonObject params,
            Duration timeout) {
        List<CallContext> calls = active.on(server).stream().filter(c -> c.input() != null
                || c.sessionId() != null && c.channel() != null
                        && sessions.held(c.sessionId()).map(s -> s.supports(capability)).orElse(false))
                .toList();
        Set<Object> callers = calls.stream().map(c -> c.input() != null ? c : c.sessionId())
                .collect(Collectors.toSet());
        if (callers.size() != 1) {
            return Uni.createFrom().failure(new McpRpcException(McpErrorCodes.METHOD_NOT_FOUND, callers.isEmpty()
                    ? "No client that supports " + capability + " is waiting on this server."
                    : "Several clients are waiting on this server; " + method + " cannot be routed."));
        }
        CallContext call = calls.get(0);
        return call.input() != null ? call.input().ask(null, method, capability, params, timeout)
                : clientRequests.ask(call.sessionId(), call.channel(), method, params, timeout);
    }

    /**
     * The call's own session is known (the lean path reads the call's stream): ask it, on the stream of its call to
     * this server when it has one open, else on its GET stream.
     */
    @Override
    public Uni<JsonObject> askSession(String server, String sessionId, String method, String capability,
            JsonObject params, Duration timeout) {
        McpSession session = sessionId == null ? null : sessions.held(sessionId).orElse(null);
        if (session == null || !session.supports(capability)) {
            return Uni.createFrom().failure(new McpRpcException(McpErrorCodes.METHOD_NOT_FOUND, session == null
                    ? "The call has no client session that could answer " + method + "."
                    : "The client session did not declare the " + capability + " capability."));
        }
        Channel channel = active.on(server).stream().filter(c -> sessionId.equals(c.sessionId()) && c.channel() != null)
                .map(CallContext::channel).findFirst().orElse(session::sendOnStream);
        return clientRequests.ask(sessionId, channel, method, params, timeout);
    }
}
