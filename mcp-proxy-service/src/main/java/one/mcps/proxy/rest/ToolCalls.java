package one.mcps.proxy.rest;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.errors.ProblemType;
import one.mcps.platform.security.Caller;
import one.mcps.proxy.catalog.Catalog;
import one.mcps.proxy.catalog.CatalogEntries.ToolEntry;
import one.mcps.proxy.catalog.Scope;
import one.mcps.proxy.downstream.CallContext;
import one.mcps.proxy.downstream.RoutedCalls;
import one.mcps.proxy.jsonrpc.JsonRpc;
import one.mcps.proxy.jsonrpc.McpRpcException;
import one.mcps.platform.mcp.McpErrorCodes;

/**
 * Tool calls over plain HTTP (unified, http and agent APIs): the same visibility rules and call events as MCP
 * sessions, with JSON-RPC errors turned into problems.
 */
@ApplicationScoped
public class ToolCalls {

    private final Catalog catalog;
    private final RoutedCalls calls;

    public ToolCalls(Catalog catalog, RoutedCalls calls) {
        this.catalog = catalog;
        this.calls = calls;
    }

    /** Calls {@code tool} of {@code server} (the server's own tool name); the result is MCP's CallToolResult. */
    public Uni<JsonObject> call(Caller caller, String server, String tool, Map<String, Object> arguments) {
        ToolEntry entry = catalog.tool(caller, Scope.of(server), tool)
                .orElseThrow(() -> ProblemException.notFound("No tool " + tool + " on server " + server
                        + " that you may call."));
        return call(caller, entry, arguments);
    }

    /** Calls a tool by its catalog name ({@code server__tool}). */
    public Uni<JsonObject> call(Caller caller, String qualifiedName, Map<String, Object> arguments) {
        ToolEntry entry = catalog.tool(caller, Scope.ALL, qualifiedName)
                .orElseThrow(() -> ProblemException.notFound("No tool " + qualifiedName + " that you may call."));
        return call(caller, entry, arguments);
    }

    private Uni<JsonObject> call(Caller caller, ToolEntry entry, Map<String, Object> arguments) {
        JsonObject params = new JsonObject().put("name", entry.exposedName())
                .put("arguments", new JsonObject(arguments == null ? Map.of() : arguments));
        return calls.callTool(CallContext.rest(caller, null), params, params.toBuffer().length())
                .onFailure(McpRpcException.class).transform(e -> problem((McpRpcException) e));
    }

    private static ProblemException problem(McpRpcException e) {
        return switch (e.code()) {
            case McpErrorCodes.INVALID_PARAMS -> new ProblemException(ProblemType.UNPROCESSABLE, e.getMessage());
            case McpErrorCodes.SERVER_UNAVAILABLE -> new ProblemException(ProblemType.BAD_GATEWAY, e.getMessage());
            case McpErrorCodes.SERVER_TIMEOUT -> new ProblemException(ProblemType.GATEWAY_TIMEOUT, e.getMessage());
            default -> new ProblemException(ProblemType.BAD_GATEWAY,
                    "The server answered with an error: " + e.getMessage());
        };
    }
}
