package one.mcps.proxy.upstream;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.util.TypeLiteral;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.jboss.logging.Logger;

import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import one.mcps.proxy.config.ProxyConfig;
import one.mcps.proxy.jsonrpc.McpJson;
import one.mcps.proxy.jsonrpc.McpRpcException;
import one.mcps.proxy.sessions.SessionStore;
import reactor.core.publisher.Mono;

/**
 * The proxy's MCP client for one running tool: connects, keeps the tool's catalog (every page), follows its
 * {@code list_changed} notifications and routes requests to it through a circuit breaker of its own, so one bad
 * server never slows calls to the others.
 */
public final class Upstream {

    private static final Logger LOG = Logger.getLogger(Upstream.class);
    private static final TypeLiteral<Uni<Object>> UNI = new TypeLiteral<>() {
    };

    private final RunningTool tool;
    private final McpAsyncClient client;
    /** Carries routed requests to Streamable HTTP upstreams; null for legacy SSE ones, which the SDK serves. */
    private final LeanRpc rpc;
    /** For a per_session tool: a fresh lean client (its own upstream session) for a client session, or for none. */
    private final SessionRpcs sessionRpcs;
    /**
     * The upstream sessions of a per_session tool, by client session id: opened at a session's first call here,
     * continuing the one stored for it if another instance opened it.
     */
    private final Map<String, Uni<LeanRpc>> bySession = new ConcurrentHashMap<>();
    private final SessionStore store;
    private final Function<String, Uni<Upstream>> relocated;
    private final McpJson json;
    private final Guard breaker;
    private final UpstreamListener listener;
    private final int listRetries;
    private final Runnable onBreakerOpen;
    private volatile UpstreamCatalog catalog = UpstreamCatalog.EMPTY;
    private volatile UpstreamState state = UpstreamState.CONNECTING;

    @FunctionalInterface
    private interface SessionRpcs {
        LeanRpc open(String owner, String url, LeanRpc.Session seed);
    }

    /**
     * {@code relocated} asks tool-service where the tool is served now and gives the upstream for that (a new one
     * when the address changed): for a request the old address refused.
     */
    Upstream(RunningTool tool, UpstreamClients clients, ProxyConfig.Upstreams config, UpstreamListener listener,
            SessionStore store, Function<String, Uni<Upstream>> relocated, Runnable onBreakerOpen) {
        this.tool = tool;
        this.store = store;
        this.relocated = relocated;
        this.listener = listener;
        this.listRetries = config.maxRetries();
        this.onBreakerOpen = onBreakerOpen;
        Duration timeout = callTimeout(tool, config);
        // A call has one timer: tool-service's bridge times a stdio tool's call and answers with a timeout error the
        // client and the call log understand; ours, a little later, only catches a bridge that never answers.
        Duration leanTimeout = tool.viaBridge() ? timeout.plus(config.bridgeTimeoutGrace()) : timeout;
        McpJson json = clients.json();
        this.json = json;
        this.sessionRpcs = tool.perSession() ? (owner, url, seed) -> clients.leanRpc(tool, url, leanTimeout, listener,
                owner, owner != null, seed, owner == null ? null : opened -> stored(owner, url, opened)) : null;
        // A per_session tool's shared client only marks the lean path as available: it never opens a session.
        this.rpc = clients.leanRpc(tool, tool.url(), leanTimeout, listener, null, !tool.perSession(), null, null);
        if (tool.perSession() && rpc == null) {
            LOG.warnf("Upstream %s is per_session but speaks the legacy SSE transport: its client sessions share the "
                    + "proxy's one upstream session", tool.name());
        }
        this.client = clients.build(tool, timeout, spec -> spec
                .sampling(request -> askClient(json, "sampling/createMessage", "sampling", request, timeout,
                        McpSchema.CreateMessageResult.class))
                .elicitation(request -> askClient(json, "elicitation/create", "elicitation", request, timeout,
                        McpSchema.ElicitResult.class))
                .toolsChangeConsumer(ignored -> refreshing(this::refreshTools))
                .resourcesChangeConsumer(ignored -> refreshing(this::refreshResources))
                .promptsChangeConsumer(ignored -> refreshing(this::refreshPrompts))
                .progressConsumer(notification -> quietly(() -> listener.progress(tool.name(), notification)))
                .loggingConsumer(notification -> quietly(() -> listener.log(tool.name(), notification)))
                .resourcesUpdateConsumer(contents -> quietly(
                        () -> contents.forEach(c -> listener.resourceUpdated(tool.name(), c.uri())))));
        Guard.Builder guard = Guard.create()
                .withDescription("upstream " + tool.name())
                .withCircuitBreaker()
                .requestVolumeThreshold(config.breakerRequestVolume())
                .failureRatio(config.breakerFailureRatio())
                .delay(config.breakerDelay().toMillis(), ChronoUnit.MILLIS)
                // An error the tool answered with is a healthy server saying no, and a full bulkhead is our own
                // limit: only silence and broken links count against the upstream.
                .skipOn(List.of(McpError.class, BulkheadException.class))
                .onStateChange(this::breakerChanged)
                .done();
        if (tool.maxConcurrency() != null && tool.maxConcurrency() > 0) {
            guard.withBulkhead().limit(tool.maxConcurrency()).queueSize(config.bulkheadQueue()).done();
        }
        this.breaker = guard.build();
    }

    static Duration callTimeout(RunningTool tool, ProxyConfig.Upstreams config) {
        return tool.callTimeoutMs() != null && tool.callTimeoutMs() > 0 ? Duration.ofMillis(tool.callTimeoutMs())
                : config.defaultCallTimeout();
    }

    public String name() {
        return tool.name();
    }

    public RunningTool tool() {
        return tool;
    }

    public UpstreamCatalog catalog() {
        return catalog;
    }

    public UpstreamState state() {
        return state;
    }

    /** Initializes the MCP session and lists everything the server offers. */
    Uni<Void> connect() {
        state = UpstreamState.CONNECTING;
        return Monos.uni(client.initialize())
                .chain(ignored -> refreshAll())
                .invoke(() -> state = UpstreamState.READY)
                .onFailure().invoke(e -> state = UpstreamState.UNAVAILABLE);
    }

    Uni<Void> close() {
        state = UpstreamState.CLOSED;
        if (rpc != null) {
            rpc.close();
        }
        // Client sessions' own upstream sessions outlive this client (a new address, a stopping instance): stored,
        // they are continued by whichever upstream or instance serves the client session next.
        bySession.values().forEach(opening -> opening.subscribe().with(LeanRpc::leave, e -> {
        }));
        bySession.clear();
        return Monos.uni(client.closeGracefully()).onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> refreshAll() {
        return refreshTools().chain(this::refreshResources).chain(this::refreshPrompts);
    }

    private Uni<Void> refreshTools() {
        if (capabilities().tools() == null) {
            return Uni.createFrom().voidItem();
        }
        return pages(cursor -> client.listTools(cursor), McpSchema.ListToolsResult::tools,
                McpSchema.ListToolsResult::nextCursor)
                .invoke(tools -> catalog = catalog.withTools(tools)).replaceWithVoid();
    }

    private Uni<Void> refreshResources() {
        if (capabilities().resources() == null) {
            return Uni.createFrom().voidItem();
        }
        return pages(cursor -> client.listResources(cursor), McpSchema.ListResourcesResult::resources,
                McpSchema.ListResourcesResult::nextCursor)
                .invoke(resources -> catalog = catalog.withResources(resources))
                .chain(() -> pages(cursor -> client.listResourceTemplates(cursor),
                        McpSchema.ListResourceTemplatesResult::resourceTemplates,
                        McpSchema.ListResourceTemplatesResult::nextCursor))
                .invoke(templates -> catalog = catalog.withTemplates(templates)).replaceWithVoid();
    }

    private Uni<Void> refreshPrompts() {
        if (capabilities().prompts() == null) {
            return Uni.createFrom().voidItem();
        }
        return pages(cursor -> client.listPrompts(cursor), McpSchema.ListPromptsResult::prompts,
                McpSchema.ListPromptsResult::nextCursor)
                .invoke(prompts -> catalog = catalog.withPrompts(prompts)).replaceWithVoid();
    }

    private McpSchema.ServerCapabilities capabilities() {
        McpSchema.ServerCapabilities capabilities = client.getServerCapabilities();
        return capabilities == null ? McpSchema.ServerCapabilities.builder().build() : capabilities;
    }

    /** Follows {@code nextCursor} until the server has no more pages; each page is retried on its own. */
    private <R, T> Uni<List<T>> pages(Function<String, Mono<R>> fetch, Function<R, List<T>> items,
            Function<R, String> next) {
        return page(fetch, items, next, null, new ArrayList<>());
    }

    private <R, T> Uni<List<T>> page(Function<String, Mono<R>> fetch, Function<R, List<T>> items,
            Function<R, String> next, String cursor, List<T> collected) {
        return guarded(() -> Monos.uni(fetch.apply(cursor)))
                .onFailure(e -> !(e instanceof McpError)).retry().atMost(listRetries)
                .onFailure(Upstream::methodNotFound).recoverWithItem(() -> null)
                .chain(result -> {
                    if (result == null) {
                        return Uni.createFrom().item(collected);
                    }
                    List<T> found = items.apply(result);
                    if (found != null) {
                        collected.addAll(found);
                    }
                    String cursorOfNext = next.apply(result);
                    return cursorOfNext == null || cursorOfNext.isEmpty() ? Uni.createFrom().item(collected)
                            : page(fetch, items, next, cursorOfNext, collected);
                });
    }

    /**
     * Many servers declare {@code resources} and answer {@code resources/list} but not
     * {@code resources/templates/list}: a list the server does not have is empty, not a reason to drop the server.
     */
    private static boolean methodNotFound(Throwable failure) {
        return failure instanceof McpError error && error.getJsonRpcError() != null
                && Integer.valueOf(McpSchema.ErrorCodes.METHOD_NOT_FOUND).equals(error.getJsonRpcError().code());
    }

    private Mono<Void> refreshing(Supplier<Uni<Void>> refresh) {
        refresh.get().subscribe().with(ignored -> listener.catalogChanged(tool.name()),
                e -> LOG.warnf("Upstream %s: refreshing its catalog failed: %s", tool.name(), e.getMessage()));
        return Mono.empty();
    }

    private <T> Mono<T> askClient(McpJson json, String method, String capability, Object request, Duration timeout,
            Class<T> type) {
        return Mono.fromCompletionStage(() -> listener.askClient(tool.name(), method, capability, json.toJson(request),
                timeout).map(result -> json.fromJson(result, type)).subscribeAsCompletionStage())
                .onErrorMap(McpRpcException.class, e -> McpError.builder(e.code()).message(e.getMessage()).build());
    }

    private static Mono<Void> quietly(Runnable action) {
        action.run();
        return Mono.empty();
    }

    /**
     * {@code tools/call} for client session {@code session} (null for REST and stateless calls), whose upstream's
     * requests to its client go to {@code input} on the lean path; retried (up to the list retries)
     * only when {@code retryable}, i.e. idempotent or read-only. On the SDK path (legacy SSE upstreams) a call the
     * client cancels is only abandoned: the SDK neither sends {@code notifications/cancelled} nor tells us the id it
     * used, so the upstream finishes the work.
     */
    public Uni<JsonObject> callTool(String session, ClientInput input, String name, Map<String, Object> arguments,
            Map<String, Object> meta, boolean retryable) {
        return relocating(session, () -> callToolHere(session, input, name, arguments, meta, retryable),
                current -> current.callToolHere(session, input, name, arguments, meta, retryable));
    }

    private Uni<JsonObject> callToolHere(String session, ClientInput input, String name,
            Map<String, Object> arguments, Map<String, Object> meta, boolean retryable) {
        Uni<JsonObject> call = guarded(() -> rpc == null
                ? Monos.uni(client.callTool(new McpSchema.CallToolRequest(name, arguments, meta))).map(json::toJson)
                : routed(session, input, McpSchema.METHOD_TOOLS_CALL, params("name", name, arguments, meta)));
        return retryable ? call.onFailure(e -> !(e instanceof McpError) && !notServed(e)).retry().atMost(listRetries)
                : call;
    }

    public Uni<JsonObject> readResource(String session, ClientInput input, String uri, Map<String, Object> meta) {
        return relocating(session, () -> readResourceHere(session, input, uri, meta),
                current -> current.readResourceHere(session, input, uri, meta));
    }

    private Uni<JsonObject> readResourceHere(String session, ClientInput input, String uri,
            Map<String, Object> meta) {
        return guarded(() -> rpc == null
                ? Monos.uni(client.readResource(new McpSchema.ReadResourceRequest(uri, meta))).map(json::toJson)
                : routed(session, input, McpSchema.METHOD_RESOURCES_READ, params("uri", uri, null, meta)));
    }

    /**
     * A request whose address refused it without running it — the tool is served elsewhere now (tool-service's
     * bridge answers 404/409/421 with a problem), or nothing listens there (its instance died) — is sent once more
     * where tool-service says the tool is now: safe whatever the request does, since it never ran. A link that
     * breaks during a request is not retried here (the tool may have run it): the client gets a JSON-RPC error.
     */
    private Uni<JsonObject> relocating(String session, Supplier<Uni<JsonObject>> here,
            Function<Upstream, Uni<JsonObject>> again) {
        return here.get().onFailure(Upstream::notServed).recoverWithUni(refused -> {
            LOG.infof("Upstream %s: %s; asking tool-service where it is served now", tool.name(),
                    refused.getMessage());
            if (session != null) {
                sessionLeft(session);
            }
            return relocated.apply(tool.name()).chain(current -> current == this ? here.get() : again.apply(current));
        });
    }

    /** Refused without being run: a problem answer from a bridge that does not serve the tool, or no listener. */
    static boolean notServed(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof LeanRpc.NotServedHere || t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The lean path passes the upstream's result through as the JSON it is: no SDK record in between, which cost
     * two Jackson conversions per call and would drop any field newer than the SDK.
     */
    private Uni<JsonObject> routed(String session, ClientInput input, String method, JsonObject params) {
        return rpcFor(session, rpc -> rpc.request(method, params, input));
    }

    /** Request params as MCP puts them on the wire; the maps are wrapped, not copied. */
    private static JsonObject params(String key, String value, Map<String, Object> arguments,
            Map<String, Object> meta) {
        JsonObject params = new JsonObject().put(key, value);
        if (arguments != null) {
            params.put("arguments", new JsonObject(arguments));
        }
        if (meta != null) {
            params.put("_meta", new JsonObject(meta));
        }
        return params;
    }

    /**
     * The lean client a request of {@code session} goes through: the shared one, or for a per_session tool the
     * session's own (opened now if this is its first call). A REST call has no session to keep one for: it gets an
     * upstream session for that one request, ended right after.
     */
    private Uni<JsonObject> rpcFor(String session, Function<LeanRpc, Uni<JsonObject>> request) {
        if (sessionRpcs == null) {
            return request.apply(rpc);
        }
        if (session == null) {
            LeanRpc once = sessionRpcs.open(null, tool.urlFor(UUID.randomUUID().toString()), null);
            return request.apply(once).onTermination().invoke(once::close);
        }
        Uni<LeanRpc> own = bySession.computeIfAbsent(session, this::sessionRpc);
        return own.chain(rpc -> request.apply(rpc));
    }

    /**
     * A client session's own upstream client: at the bridge its upstream session was stored at (by any instance) if
     * that bridge still serves the tool, so the session keeps its process; else at the bridge chosen for it.
     */
    private Uni<LeanRpc> sessionRpc(String session) {
        return store.findUpstream(session, tool.name())
                .map(found -> found.filter(stored -> tool.servesAt(stored.url()))
                        .map(stored -> sessionRpcs.open(session, stored.url(),
                                new LeanRpc.Session(stored.id(), stored.protocolVersion())))
                        .orElseGet(() -> sessionRpcs.open(session, tool.urlFor(session), null)))
                .onFailure().invoke(() -> bySession.remove(session))
                .memoize().indefinitely();
    }

    private Uni<Void> stored(String session, String url, LeanRpc.Session opened) {
        if (opened.id() == null) {
            return Uni.createFrom().voidItem();
        }
        return store.saveUpstream(session, new SessionStore.UpstreamSession(tool.name(), url, opened.id(),
                opened.protocolVersion()));
    }

    /**
     * This instance no longer serves the client session here (it ended elsewhere, went idle here, or its bridge
     * refused): its upstream client is dropped without ending the upstream session, which is stored.
     */
    void sessionLeft(String session) {
        Uni<LeanRpc> own = bySession.remove(session);
        if (own != null) {
            own.subscribe().with(LeanRpc::leave, e -> {
            });
        }
    }

    /** Ends a client session's upstream session (stored by whichever instance opened it). */
    void endSession(SessionStore.UpstreamSession stored) {
        if (sessionRpcs != null) {
            sessionRpcs.open(null, stored.url(), null).end(new LeanRpc.Session(stored.id(), stored.protocolVersion()));
        }
    }

    /** A client's roots changed: its own upstream session hears of it; a shared one asks each call's client anyway. */
    void rootsChanged(String session) {
        Uni<LeanRpc> own = bySession.get(session);
        if (own != null) {
            own.subscribe().with(rpc -> rpc.notify(McpSchema.METHOD_NOTIFICATION_ROOTS_LIST_CHANGED), e -> {
            });
        }
    }

    public Uni<Void> subscribe(String uri) {
        return guarded(() -> Monos.uni(client.subscribeResource(new McpSchema.SubscribeRequest(uri))))
                .replaceWithVoid();
    }

    public Uni<Void> unsubscribe(String uri) {
        return guarded(() -> Monos.uni(
                client.unsubscribeResource(new McpSchema.UnsubscribeRequest(uri)))).replaceWithVoid();
    }

    public Uni<JsonObject> getPrompt(String session, ClientInput input, String name, Map<String, Object> arguments,
            Map<String, Object> meta) {
        return relocating(session, () -> getPromptHere(session, input, name, arguments, meta),
                current -> current.getPromptHere(session, input, name, arguments, meta));
    }

    private Uni<JsonObject> getPromptHere(String session, ClientInput input, String name,
            Map<String, Object> arguments, Map<String, Object> meta) {
        return guarded(() -> rpc == null
                ? Monos.uni(client.getPrompt(new McpSchema.GetPromptRequest(name, arguments, meta))).map(json::toJson)
                : routed(session, input, McpSchema.METHOD_PROMPT_GET, params("name", name, arguments, meta)));
    }

    /** Over the SDK client, whose requests cannot be cancelled upstream (see {@link #callTool}). */
    public Uni<McpSchema.CompleteResult> complete(McpSchema.CompleteRequest request) {
        return guarded(() -> Monos.uni(client.completeCompletion(request)));
    }

    public boolean supportsResourceSubscriptions() {
        McpSchema.ServerCapabilities.ResourceCapabilities resources = capabilities().resources();
        return resources != null && Boolean.TRUE.equals(resources.subscribe());
    }

    @SuppressWarnings("unchecked")
    private <T> Uni<T> guarded(Supplier<Uni<T>> call) {
        return (Uni<T>) breaker.get(() -> (Uni<Object>) call.get(), UNI);
    }

    private void breakerChanged(CircuitBreakerState breakerState) {
        if (breakerState == CircuitBreakerState.OPEN && state != UpstreamState.CLOSED) {
            LOG.warnf("Upstream %s stopped answering; its circuit is open, reconnecting", tool.name());
            state = UpstreamState.UNAVAILABLE;
            onBreakerOpen.run();
        } else if (breakerState == CircuitBreakerState.CLOSED && state == UpstreamState.UNAVAILABLE) {
            state = UpstreamState.READY;
        }
    }
}
