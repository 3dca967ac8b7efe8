package one.mcps.proxy.downstream;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.json.JsonObject;
import one.mcps.proxy.jsonrpc.JsonRpc;
import one.mcps.proxy.jsonrpc.McpRpcException;
import one.mcps.platform.mcp.McpErrorCodes;

/**
 * Requests the proxy sends to a client on behalf of an upstream ({@code sampling/createMessage},
 * {@code elicitation/create}): each gets an id of ours, and the client's response (POSTed like any message) completes
 * it. A client that cannot be reached or does not answer in time ends in an error, never a hang. Only the session
 * asked may answer: our ids are a counter, and another client must not be able to answer in its place.
 */
@ApplicationScoped
public class ClientRequests {

    private record Pending(String session, UniEmitter<? super JsonObject> emitter) {
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    /** Asks client session {@code session} on {@code channel}, one of its streams. */
    public Uni<JsonObject> ask(String session, Channel channel, String method, JsonObject params, Duration timeout) {
        String id = "mcps-request-" + sequence.incrementAndGet();
        JsonObject request = new JsonObject().put("jsonrpc", "2.0").put("id", id).put("method", method)
                .put("params", params);
        return Uni.createFrom().<JsonObject>emitter(emitter -> {
            pending.put(id, new Pending(session, emitter));
            if (!channel.send(request)) {
                pending.remove(id);
                emitter.fail(new McpRpcException(McpErrorCodes.INTERNAL_ERROR,
                        "The client session has no open stream to receive " + method + "."));
            }
        }).ifNoItem().after(timeout).failWith(() -> new McpRpcException(McpErrorCodes.INTERNAL_ERROR,
                "The client did not answer " + method + " in time."))
                .onTermination().invoke(() -> pending.remove(id));
    }

    /** A response from client session {@code session}; false when it answers nothing we asked it. */
    public boolean answer(String session, JsonObject response) {
        Object id = response.getValue("id");
        Pending asked = id == null ? null : pending.get(id.toString());
        if (asked == null || !asked.session().equals(session) || !pending.remove(id.toString(), asked)) {
            return false;
        }
        UniEmitter<? super JsonObject> emitter = asked.emitter();
        JsonObject error = response.getJsonObject("error");
        if (error != null) {
            emitter.fail(new McpRpcException(error.getInteger("code", McpErrorCodes.INTERNAL_ERROR),
                    error.getString("message", "The client refused the request.")));
        } else {
            emitter.complete(response.getJsonObject("result", new JsonObject()));
        }
        return true;
    }
}
