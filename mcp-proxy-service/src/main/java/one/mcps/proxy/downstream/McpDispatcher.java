package one.mcps.proxy.downstream;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.modelcontextprotocol.spec.McpSchema;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import one.mcps.platform.security.Caller;
import one.mcps.proxy.catalog.Catalog;
import one.mcps.proxy.catalog.CatalogEntries;
import one.mcps.proxy.catalog.Scope;
import one.mcps.proxy.config.ProxyConfig;
import one.mcps.proxy.jsonrpc.JsonRpc;
import one.mcps.proxy.jsonrpc.McpJson;
import one.mcps.proxy.jsonrpc.McpRpcException;
import one.mcps.proxy.sessions.McpSession;
import one.mcps.proxy.sessions.SessionRegistry;
import one.mcps.proxy.upstream.UpstreamManager;
import one.mcps.platform.mcp.McpErrorCodes;

/**
 * Answers one JSON-RPC message of a client session, whatever transport brought it: the session-level methods
 * here, the catalog from {@link Catalog}, and the calls that reach an upstream through {@link RoutedCalls}.
 */
@ApplicationScoped
public class McpDispatcher {

    /** The methods a session and a stateless (2026-07-28) request serve alike, from the same code. */
    public static final Set<String> SERVED_ALIKE = Set.of("tools/list", "resources/list", "resources/templates/list",
            "prompts/list", RoutedCalls.TOOLS_CALL, RoutedCalls.RESOURCES_READ, RoutedCalls.PROMPTS_GET,
            "completion/complete");

    private final Catalog catalog;
    private final RoutedCalls calls;
    private final McpJson json;
    private final SessionRegistry sessions;
    private final UpstreamManager upstreams;
    private final JsonObject serverInfo;

    public McpDispatcher(Catalog catalog, RoutedCalls calls, McpJson json, SessionRegistry sessions,
            UpstreamManager upstreams, ProxyConfig config) {
        this.catalog = catalog;
        this.calls = calls;
        this.json = json;
        this.sessions = sessions;
        this.upstreams = upstreams;
        this.serverInfo = new JsonObject().put("name", config.serverName()).put("version", config.serverVersion());
    }

    /** Who this proxy is to clients: at initialize, and on every stateless result. */
    public JsonObject serverInfo() {
        return serverInfo.copy();
    }

    /**
     * A client's notification: handled on the spot, nothing to answer. A cancelled request stops here and, through
     * the cancellation of its upstream call, upstream too (the lean path sends {@code notifications/cancelled} with
     * its own request id). A roots change reaches the upstream sessions that belong to this session alone
     * (per_session tools); shared upstream sessions ask each call's client for its roots anyway.
     */
    public void notify(McpSession session, JsonObject message) {
        String method = message.getString("method");
        if ("notifications/initialized".equals(method)) {
            session.markInitialized();
        } else if ("notifications/cancelled".equals(method)) {
            JsonObject params = message.getValue("params") instanceof JsonObject p ? p : new JsonObject();
            Cancellable running = session.inFlight().remove(params.getValue("requestId"));
            if (running != null) {
                running.cancel();
            }
        } else if ("notifications/roots/list_changed".equals(method)) {
            upstreams.rootsChanged(session.id());
        }
    }

    /**
     * A request: the Uni gives the whole JSON-RPC response (a result or an error), never a failure. What it may see
     * and call is decided by {@code caller}, the one authenticated on this very request (current roles, current key
     * scope), never by whoever opened the session.
     */
    public Uni<JsonObject> request(McpSession session, Caller caller, JsonObject message, Channel channel,
            long bytes) {
        Object id = message.getValue("id");
        CallContext context = new CallContext(session.id(), caller, session.scope(), channel,
                id == null ? null : id.toString(), null);
        return answer(message, params -> route(session, context, message.getString("method"), params, bytes));
    }

    /**
     * A request of the stateless revision (2026-07-28): no session, so only what both generations serve alike — the
     * same catalog, calls, call events and per-request authorization as a session's request (a per_session tool gets
     * an upstream session for this one request, as a REST call does).
     */
    public Uni<JsonObject> stateless(CallContext context, JsonObject message, long bytes) {
        return answer(message, params -> served(context, message.getString("method"), params, bytes));
    }

    private static Uni<JsonObject> answer(JsonObject message, Function<JsonObject, Uni<JsonObject>> route) {
        Object id = message.getValue("id");
        Object rawParams = message.getValue("params");
        if (rawParams != null && !(rawParams instanceof JsonObject)) {
            return Uni.createFrom().item(JsonRpc.error(id, McpErrorCodes.INVALID_PARAMS, "params must be an object"));
        }
        JsonObject params = rawParams == null ? new JsonObject() : (JsonObject) rawParams;
        Uni<JsonObject> result;
        try {
            result = route.apply(params);
        } catch (RuntimeException e) {
            // Whatever a handler throws still answers the request (as an internal error): a client never hangs.
            result = Uni.createFrom().failure(e);
        }
        return result.map(value -> JsonRpc.result(id, value))
                .onFailure().recoverWithItem(failure -> failure instanceof McpRpcException rpc
                        ? JsonRpc.error(id, rpc.code(), rpc.getMessage(), rpc.data())
                        : JsonRpc.error(id, McpErrorCodes.INTERNAL_ERROR, "The request could not be completed."));
    }

    private Uni<JsonObject> route(McpSession session, CallContext context, String method, JsonObject params,
            long bytes) {
        return switch (method) {
            case "initialize" -> initialize(session, params);
            case "ping" -> Uni.createFrom().item(new JsonObject());
            case "resources/subscribe" -> subscribe(session, context.caller(), params.getString("uri"));
            case "resources/unsubscribe" -> unsubscribe(session, context.caller(), params.getString("uri"));
            case "logging/setLevel" -> setLevel(session, params.getString("level"));
            default -> served(context, method, params, bytes);
        };
    }

    /** What sessions and stateless requests serve alike ({@link #SERVED_ALIKE}). */
    private Uni<JsonObject> served(CallContext context, String method, JsonObject params, long bytes) {
        Caller caller = context.caller();
        Scope scope = context.scope();
        return switch (method) {
            case "tools/list" -> Uni.createFrom().item(list("tools", catalog.tools(caller, scope).stream()
                    .map(t -> scope.isAll() ? t.prefixed() : t.plain()).toList()));
            case "resources/list" -> Uni.createFrom().item(list("resources",
                    resources(catalog.resources(caller, scope), scope)));
            case "resources/templates/list" -> Uni.createFrom().item(list("resourceTemplates",
                    resources(catalog.templates(caller, scope), scope)));
            case "prompts/list" -> Uni.createFrom().item(list("prompts", catalog.prompts(caller, scope).stream()
                    .map(p -> scope.isAll() ? p.prefixed() : p.plain()).toList()));
            case RoutedCalls.TOOLS_CALL -> calls.callTool(context, params, bytes);
            case RoutedCalls.RESOURCES_READ -> calls.readResource(context, params, bytes);
            case RoutedCalls.PROMPTS_GET -> calls.getPrompt(context, params, bytes);
            case "completion/complete" -> complete(scope, caller, params);
            default -> throw new McpRpcException(McpErrorCodes.METHOD_NOT_FOUND, "Method not found: " + method);
        };
    }

    /**
     * The session is stored before its answer leaves: from then on, any instance can continue it. One that cannot be
     * stored answers with an error, and its id is not known anywhere.
     */
    private Uni<JsonObject> initialize(McpSession session, JsonObject params) {
        String version = ProtocolVersions.negotiate(params.getString("protocolVersion"));
        session.initialize(version, params.getJsonObject("clientInfo"));
        session.capabilities(params.getJsonObject("capabilities"));
        JsonObject capabilities = new JsonObject()
                .put("tools", new JsonObject().put("listChanged", true))
                .put("resources", new JsonObject().put("subscribe", true).put("listChanged", true))
                .put("prompts", new JsonObject().put("listChanged", true))
                .put("logging", new JsonObject())
                .put("completions", new JsonObject());
        JsonObject result = new JsonObject().put("protocolVersion", version).put("capabilities", capabilities)
                .put("serverInfo", serverInfo);
        return sessions.opened(session).replaceWith(result).onFailure().transform(e -> new McpRpcException(
                McpErrorCodes.INTERNAL_ERROR, "The session could not be stored; initialize again shortly."));
    }

    private static JsonObject list(String field, List<JsonObject> items) {
        return new JsonObject().put(field, new JsonArray(items));
    }

    private static List<JsonObject> resources(List<CatalogEntries.ResourceEntry> entries, Scope scope) {
        return entries.stream().map(r -> scope.isAll() ? r.prefixed() : r.plain()).toList();
    }

    private Uni<JsonObject> subscribe(McpSession session, Caller caller, String uri) {
        Catalog.Target target = catalog.uri(caller, session.scope(), uri)
                .orElseThrow(() -> new McpRpcException(McpErrorCodes.RESOURCE_NOT_FOUND, "Resource not found: " + uri));
        if (!target.upstream().supportsResourceSubscriptions()) {
            throw new McpRpcException(McpErrorCodes.METHOD_NOT_FOUND,
                    "Server " + target.upstream().name() + " does not support resource subscriptions.");
        }
        session.subscriptions().add(uri);
        return target.upstream().subscribe(target.name()).replaceWith(new JsonObject())
                .onFailure().transform(e -> UpstreamErrors.toRpc(target.upstream().name(), e));
    }

    /** The upstream subscription is shared: it ends only when no live session still wants the resource. */
    private Uni<JsonObject> unsubscribe(McpSession session, Caller caller, String uri) {
        session.subscriptions().remove(uri);
        Catalog.Target target = catalog.uri(caller, session.scope(), uri).orElse(null);
        boolean stillWanted = target == null || sessions.all().stream().anyMatch(other -> other.subscriptions()
                .stream().map(u -> catalog.uri(other.latestCaller(), other.scope(), u)).flatMap(Optional::stream)
                .anyMatch(t -> t.upstream() == target.upstream() && t.name().equals(target.name())));
        if (stillWanted) {
            return Uni.createFrom().item(new JsonObject());
        }
        return target.upstream().unsubscribe(target.name()).replaceWith(new JsonObject())
                .onFailure().transform(e -> UpstreamErrors.toRpc(target.upstream().name(), e));
    }

    private Uni<JsonObject> complete(Scope scope, Caller caller, JsonObject params) {
        JsonObject ref = params.getJsonObject("ref", new JsonObject()).copy();
        Catalog.Target target;
        if ("ref/prompt".equals(ref.getString("type"))) {
            target = catalog.prompt(caller, scope, ref.getString("name"))
                    .map(p -> new Catalog.Target(p.upstream(), p.name()))
                    .orElseThrow(() -> McpRpcException.invalidParams("Unknown prompt: " + ref.getString("name")));
            ref.put("name", target.name());
        } else if ("ref/resource".equals(ref.getString("type"))) {
            target = catalog.uri(caller, scope, ref.getString("uri"))
                    .orElseThrow(() -> McpRpcException.invalidParams("Unknown resource: " + ref.getString("uri")));
            ref.put("uri", target.name());
        } else {
            throw McpRpcException.invalidParams("ref.type must be ref/prompt or ref/resource");
        }
        // Through the text: a copied JsonObject holds JsonObjects, which Jackson would read as beans, not as maps.
        McpSchema.CompleteRequest request = json.fromJson(new JsonObject(params.copy().put("ref", ref).encode()),
                McpSchema.CompleteRequest.class);
        return target.upstream().complete(request).map(json::toJson)
                .onFailure().transform(e -> UpstreamErrors.toRpc(target.upstream().name(), e));
    }

    /** The level filters what this session receives; upstreams keep their own, shared by every session. */
    private Uni<JsonObject> setLevel(McpSession session, String level) {
        McpSchema.LoggingLevel parsed;
        try {
            parsed = McpSchema.LoggingLevel.fromValue(level);
        } catch (RuntimeException e) {
            parsed = null;
        }
        if (parsed == null) {
            throw McpRpcException.invalidParams("Unknown logging level: " + level);
        }
        session.logLevel(parsed);
        // Stored, so that an instance that continues the session filters its log messages the same way.
        return sessions.logLevel(session, level)
                .replaceWith(new JsonObject());
    }
}
