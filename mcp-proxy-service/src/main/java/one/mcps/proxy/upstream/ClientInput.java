package one.mcps.proxy.upstream;

import java.time.Duration;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import one.mcps.proxy.jsonrpc.JsonRpc;
import one.mcps.proxy.jsonrpc.McpRpcException;
import one.mcps.platform.mcp.McpErrorCodes;

/**
 * Who answers what an upstream asks its client while answering one request of ours ({@code elicitation/create},
 * {@code sampling/createMessage}, {@code roots/list}): the client session that made the call, a stateless client
 * through an {@code InputRequiredResult}, or nobody (a REST call). Chosen per call by whoever routes it; this
 * package only hands the upstream's requests on.
 */
@FunctionalInterface
public interface ClientInput {

    /** Refuses every request: the call has no client that could answer. */
    ClientInput NONE = (id, method, capability, params, timeout) -> Uni.createFrom().failure(new McpRpcException(
            McpErrorCodes.METHOD_NOT_FOUND, "The call has no client that could answer " + method + "."));

    /**
     * Asks the client; the Uni gives its result or fails with a JSON-RPC error for the upstream. {@code id} is the
     * upstream's id of the request (null where the transport hides it), {@code capability} what the client must have
     * declared to be asked.
     */
    Uni<JsonObject> ask(Object id, String method, String capability, JsonObject params, Duration timeout);
}
