package one.mcps.proxy.downstream;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import one.mcps.platform.events.McpCallRecorded;
import one.mcps.proxy.calls.CallRecorder;
import one.mcps.proxy.catalog.Catalog;
import one.mcps.proxy.catalog.CatalogEntries.ToolEntry;
import one.mcps.proxy.catalog.ToolNames;
import one.mcps.proxy.jsonrpc.JsonRpc;
import one.mcps.proxy.jsonrpc.McpRpcException;
import one.mcps.proxy.upstream.ClientInput;
import one.mcps.proxy.upstream.Upstream;
import one.mcps.platform.mcp.McpErrorCodes;

/**
 * The three calls that reach an upstream's real work — {@code tools/call}, {@code resources/read},
 * {@code prompts/get} — each checked against what the caller may see, forwarded, and recorded as a call event.
 * Something the caller may not see answers exactly like something that does not exist.
 */
@ApplicationScoped
public class RoutedCalls {

    public static final String TOOLS_CALL = "tools/call";
    public static final String RESOURCES_READ = "resources/read";
    public static final String PROMPTS_GET = "prompts/get";

    private final Catalog catalog;
    private final CallRecorder recorder;
    private final ProgressRouter progress;
    private final ActiveCalls active;
    private final SessionNotifier notifier;

    public RoutedCalls(Catalog catalog, CallRecorder recorder, ProgressRouter progress, ActiveCalls active,
            SessionNotifier notifier) {
        this.catalog = catalog;
        this.recorder = recorder;
        this.progress = progress;
        this.active = active;
        this.notifier = notifier;
    }

    /**
     * Who answers the upstream's requests during a call: the stateless request's own (an InputRequiredResult), else
     * the calling session, else nobody (REST).
     */
    private ClientInput inputOf(CallContext context, String server) {
        if (context.input() != null) {
            return context.input();
        }
        String session = context.sessionId();
        return session == null ? ClientInput.NONE : (id, method, capability, params, timeout) -> notifier.askSession(
                server, session, method, capability, params, timeout);
    }

    public Uni<JsonObject> callTool(CallContext context, JsonObject params, long requestBytes) {
        String name = params.getString("name");
        ToolEntry tool = catalog.tool(context.caller(), context.scope(), name).orElse(null);
        if (tool == null) {
            recordDenied(context, TOOLS_CALL, name, requestBytes);
            return Uni.createFrom().failure(McpRpcException.invalidParams("Unknown tool: " + name));
        }
        JsonObject arguments = params.getJsonObject("arguments", new JsonObject());
        Map<String, Object> meta = meta(params);
        Object clientToken = meta.get("progressToken");
        String token = clientToken != null && context.channel() != null
                ? progress.open(clientToken, context.channel()) : null;
        if (token != null) {
            meta.put("progressToken", token);
        } else {
            meta.remove("progressToken");
        }
        String server = tool.upstream().name();
        Uni<JsonObject> call = tool.upstream().callTool(context.sessionId(), inputOf(context, server), tool.name(),
                arguments.getMap(), meta.isEmpty() ? null : meta, tool.retryable());
        return recorded(context, tool.upstream(), TOOLS_CALL, name, requestBytes, call)
                .onSubscription().invoke(() -> active.start(server, context))
                .onTermination().invoke(() -> {
                    active.end(server, context);
                    if (token != null) {
                        progress.close(token);
                    }
                });
    }

    public Uni<JsonObject> readResource(CallContext context, JsonObject params, long requestBytes) {
        String uri = params.getString("uri");
        Catalog.Target target = catalog.uri(context.caller(), context.scope(), uri).orElse(null);
        if (target == null) {
            recordDenied(context, RESOURCES_READ, uri, requestBytes);
            return Uni.createFrom().failure(new McpRpcException(McpErrorCodes.RESOURCE_NOT_FOUND,
                    "Resource not found: " + uri));
        }
        Uni<JsonObject> call = target.upstream().readResource(context.sessionId(),
                inputOf(context, target.upstream().name()), target.name(),
                nullIfEmpty(meta(params)))
                .map(result -> withUris(result, context, target.upstream().name()));
        return recorded(context, target.upstream(), RESOURCES_READ, uri, requestBytes, call);
    }

    public Uni<JsonObject> getPrompt(CallContext context, JsonObject params, long requestBytes) {
        String name = params.getString("name");
        var prompt = catalog.prompt(context.caller(), context.scope(), name).orElse(null);
        if (prompt == null) {
            recordDenied(context, PROMPTS_GET, name, requestBytes);
            return Uni.createFrom().failure(McpRpcException.invalidParams("Unknown prompt: " + name));
        }
        JsonObject arguments = params.getJsonObject("arguments", new JsonObject());
        Uni<JsonObject> call = prompt.upstream().getPrompt(context.sessionId(),
                inputOf(context, prompt.upstream().name()), prompt.name(), arguments.getMap(),
                nullIfEmpty(meta(params)));
        return recorded(context, prompt.upstream(), PROMPTS_GET, name, requestBytes, call);
    }

    /** Resource contents name the URI they came from; on /mcp the client knows it by its prefixed form. */
    private static JsonObject withUris(JsonObject result, CallContext context, String server) {
        if (context.scope().isAll() && result.getJsonArray("contents") != null) {
            result.getJsonArray("contents").forEach(item -> {
                if (item instanceof JsonObject content && content.getString("uri") != null) {
                    content.put("uri", ToolNames.qualifiedUri(server, content.getString("uri")));
                }
            });
        }
        return result;
    }

    private Uni<JsonObject> recorded(CallContext context, Upstream upstream, String method, String name,
            long requestBytes, Uni<JsonObject> call) {
        long started = System.nanoTime();
        return call
                .invoke(result -> record(context, upstream.name(), method, name, started,
                        Boolean.TRUE.equals(result.getBoolean("isError")) ? McpCallRecorded.ERROR : McpCallRecorded.OK,
                        null, requestBytes, result.toBuffer().length()))
                .onFailure().transform(failure -> {
                    McpRpcException rpc = UpstreamErrors.toRpc(upstream.name(), failure);
                    record(context, upstream.name(), method, name, started, UpstreamErrors.outcome(failure),
                            rpc.getMessage(), requestBytes, 0);
                    return rpc;
                });
    }

    private void recordDenied(CallContext context, String method, String name, long requestBytes) {
        recorder.record(new McpCallRecorded(context.sessionId(), context.caller().userId(), context.caller().username(),
                null, method, name, 0, McpCallRecorded.DENIED, "not visible to the caller", requestBytes, 0,
                context.requestId(), Instant.now()));
    }

    private void record(CallContext context, String server, String method, String name, long startedNanos,
            String outcome, String error, long requestBytes, long responseBytes) {
        long durationMs = (System.nanoTime() - startedNanos) / 1_000_000;
        recorder.record(new McpCallRecorded(context.sessionId(), context.caller().userId(),
                context.caller().username(), server, method, name, durationMs, outcome, error, requestBytes,
                responseBytes, context.requestId(), Instant.now()));
    }

    private static Map<String, Object> meta(JsonObject params) {
        JsonObject meta = params.getJsonObject("_meta");
        return meta == null ? new HashMap<>() : new HashMap<>(meta.getMap());
    }

    private static Map<String, Object> nullIfEmpty(Map<String, Object> meta) {
        meta.remove("progressToken");
        return meta.isEmpty() ? null : meta;
    }
}
