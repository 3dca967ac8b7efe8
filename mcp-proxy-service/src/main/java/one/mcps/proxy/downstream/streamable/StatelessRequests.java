package one.mcps.proxy.downstream.streamable;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import one.mcps.platform.security.Caller;
import one.mcps.proxy.catalog.Catalog;
import one.mcps.proxy.catalog.Scope;
import one.mcps.proxy.config.ProxyConfig;
import one.mcps.proxy.downstream.CallContext;
import one.mcps.proxy.downstream.HttpReplies;
import one.mcps.proxy.downstream.McpDispatcher;
import one.mcps.proxy.downstream.ProtocolVersions;
import one.mcps.proxy.downstream.RouteGuard;
import one.mcps.proxy.downstream.RoutedCalls;
import one.mcps.proxy.downstream.SseChannel;
import one.mcps.proxy.downstream.inputs.InputRequiredCalls;
import one.mcps.proxy.downstream.inputs.RoundForwarder;
import one.mcps.proxy.jsonrpc.JsonRpc;
import one.mcps.platform.mcp.McpErrorCodes;

/**
 * Serves one request of the stateless revision (2026-07-28) on the same endpoint as the sessions: no initialize, no
 * {@code Mcp-Session-Id}; the version, client info and capabilities come with the request ({@link Envelope}). Checked
 * in the revision's order — a version we serve, the standard headers agree with the body ({@link StandardHeaders}), a
 * method this revision has — then answered by {@link McpDispatcher#stateless} from the catalog and call path the
 * sessions use. Results say what they are ({@code resultType}), who answered ({@code _meta} serverInfo) and, for
 * lists, how long a client may reuse them: {@code cacheScope} is always private, because every list is filtered for
 * the caller (roles, a scoped key's servers), so no answer is right for someone else.
 */
@ApplicationScoped
public class StatelessRequests {

    static final String DISCOVER = "server/discover";
    private static final String COMPLETE = "complete";
    private static final String PRIVATE = "private";

    private final McpDispatcher dispatcher;
    private final Catalog catalog;
    private final RouteGuard guard;
    private final InputRequiredCalls inputs;
    private final RoundForwarder forwarder;
    private final ListenRequests listens;
    private final long listTtlMs;

    public StatelessRequests(McpDispatcher dispatcher, Catalog catalog, RouteGuard guard, InputRequiredCalls inputs,
            RoundForwarder forwarder, ListenRequests listens, ProxyConfig config) {
        this.listens = listens;
        this.dispatcher = dispatcher;
        this.inputs = inputs;
        this.forwarder = forwarder;
        this.catalog = catalog;
        this.guard = guard;
        this.listTtlMs = config.http().listCacheTtl().toMillis();
    }

    void serve(RoutingContext ctx, Caller caller, Scope scope, Era.Stateless request, long bytes) {
        JsonObject message = request.message();
        Object id = message.getValue("id");
        if (!catalog.serves(caller, scope)) {
            guard.refuse(ctx, RouteGuard.noSuchServer(scope.server()));
            return;
        }
        if (!ProtocolVersions.STATELESS_SUPPORTED.contains(request.version())) {
            HttpReplies.json(ctx, 400, JsonRpc.error(id, McpErrorCodes.UNSUPPORTED_PROTOCOL_VERSION,
                    "Unsupported protocol version: " + request.version(), new JsonObject()
                            .put("supported", new JsonArray(ProtocolVersions.STATELESS_SUPPORTED))
                            .put("requested", request.version())).toBuffer());
            return;
        }
        if (!JsonRpc.isRequest(message)) {
            // No stateless notification asks anything of us: a request is given up by closing its connection.
            HttpReplies.accepted(ctx);
            return;
        }
        Era.Refused mismatch = StandardHeaders.check(ctx.request().headers(), message);
        if (mismatch != null) {
            HttpReplies.json(ctx, mismatch.status(), mismatch.error().toBuffer());
            return;
        }
        String method = message.getString("method");
        if (DISCOVER.equals(method)) {
            HttpReplies.json(ctx, 200, JsonRpc.result(id, finished(method, discover())).toBuffer());
            return;
        }
        if (ListenRequests.LISTEN.equals(method)) {
            listens.serve(ctx, caller, scope, message);
            return;
        }
        if (!McpDispatcher.SERVED_ALIKE.contains(method)) {
            HttpReplies.json(ctx, 404, JsonRpc.error(id, McpErrorCodes.METHOD_NOT_FOUND,
                    "Method not found: " + method + " (protocol version " + request.version() + ")").toBuffer());
            return;
        }
        if (InputRequiredCalls.METHODS.contains(method)) {
            Optional<String> holder = inputs.heldElsewhere(message,
                    ctx.request().getHeader(RoundForwarder.FORWARDED) != null);
            if (holder.isPresent()) {
                forwarder.forward(ctx, holder.get(), ctx.body().buffer(), id);
                return;
            }
        }
        Function<CallContext, Uni<JsonObject>> dispatch = context -> dispatcher.stateless(context, message, bytes);
        call(ctx, new CallContext(null, caller, scope, null, id == null ? null : id.toString(), null), message,
                !InputRequiredCalls.METHODS.contains(method) ? dispatch
                        : context -> inputs.serve(context, message, capabilities(message), dispatch));
    }

    private static Set<String> capabilities(JsonObject message) {
        return Envelope.metaOf(message).getJsonObject(Envelope.CLIENT_CAPABILITIES).fieldNames();
    }

    /**
     * The answer is JSON, or SSE when the client asked for progress (progress events, then the response); a client
     * that hangs up cancels the call, upstream too.
     */
    private void call(RoutingContext ctx, CallContext base, JsonObject message,
            Function<CallContext, Uni<JsonObject>> answer) {
        AtomicReference<Cancellable> running = StreamableHttpRoutes.cancelOnClose(ctx);
        if (StreamableHttpRoutes.wantsStream(ctx, message)) {
            SseChannel channel = SseChannel.open(ctx.response(), 200);
            running.set(answer.apply(base.withChannel(channel)).subscribe().with(response -> {
                channel.send(finishedResponse(message, response));
                channel.end();
            }));
        } else {
            running.set(answer.apply(base).subscribe().with(response -> HttpReplies.json(ctx, status(response),
                    finishedResponse(message, response).toBuffer())));
        }
    }

    /** This revision answers a request that needs a capability the client did not declare with HTTP 400. */
    private static int status(JsonObject response) {
        JsonObject error = response.getJsonObject("error");
        return error != null && error.getInteger("code") == McpErrorCodes.MISSING_REQUIRED_CLIENT_CAPABILITY ? 400
                : 200;
    }

    private JsonObject discover() {
        // The list changes and resource updates are heard on subscriptions/listen.
        JsonObject capabilities = new JsonObject().put("tools", new JsonObject().put("listChanged", true))
                .put("resources", new JsonObject().put("subscribe", true).put("listChanged", true))
                .put("prompts", new JsonObject().put("listChanged", true)).put("completions", new JsonObject());
        return new JsonObject().put("supportedVersions", new JsonArray(ProtocolVersions.STATELESS_SUPPORTED))
                .put("capabilities", capabilities);
    }

    /** A result in this revision's shape; an error keeps its code, except the one this revision renamed. */
    private JsonObject finishedResponse(JsonObject request, JsonObject response) {
        JsonObject result = response.getJsonObject("result");
        if (result != null) {
            return response.put("result", finished(request.getString("method"), result));
        }
        JsonObject error = response.getJsonObject("error");
        if (error != null && error.getInteger("code") == McpErrorCodes.RESOURCE_NOT_FOUND) {
            Object params = request.getValue("params");
            error.put("code", McpErrorCodes.INVALID_PARAMS).put("data", new JsonObject()
                    .put("uri", params instanceof JsonObject p ? p.getValue("uri") : null));
        }
        return response;
    }

    private JsonObject finished(String method, JsonObject result) {
        if (InputRequiredCalls.INPUT_REQUIRED.equals(result.getValue("resultType"))) {
            return result;
        }
        result.put("resultType", COMPLETE);
        boolean list = method.endsWith("/list") || DISCOVER.equals(method);
        if (list || RoutedCalls.RESOURCES_READ.equals(method)) {
            // A read is the upstream's content now: no reuse unless a later revision of ours learns its lifetime.
            result.put("ttlMs", list ? listTtlMs : 0L).put("cacheScope", PRIVATE);
        }
        if ("tools/list".equals(method)) {
            result.put("tools", withoutExecution(result.getJsonArray("tools")));
        }
        JsonObject meta = result.getValue("_meta") instanceof JsonObject m ? m : new JsonObject();
        if (!meta.containsKey(Envelope.SERVER_INFO)) {
            result.put("_meta", meta.put(Envelope.SERVER_INFO, dispatcher.serverInfo()));
        }
        return result;
    }

    /** Tools of this revision have no {@code execution} (task support moved to an extension); the catalog's stay. */
    private static JsonArray withoutExecution(JsonArray tools) {
        JsonArray shown = new JsonArray();
        for (Object item : tools) {
            JsonObject tool = (JsonObject) item;
            if (tool.containsKey("execution")) {
                tool = tool.copy();
                tool.remove("execution");
            }
            shown.add(tool);
        }
        return shown;
    }
}
