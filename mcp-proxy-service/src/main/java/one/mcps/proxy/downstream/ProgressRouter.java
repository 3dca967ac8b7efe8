package one.mcps.proxy.downstream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.json.JsonObject;
import one.mcps.proxy.jsonrpc.JsonRpc;

/**
 * Progress tokens are chosen by each client, so two sessions may use the same one on the same upstream. The
 * proxy sends its own unique token upstream and maps progress back to the session's channel and original token.
 */
@ApplicationScoped
public class ProgressRouter {

    private record Route(Object clientToken, Channel channel) {
    }

    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    /** Registers a call's progress token; returns the token to send upstream. */
    public String open(Object clientToken, Channel channel) {
        String token = "mcps-" + sequence.incrementAndGet();
        routes.put(token, new Route(clientToken, channel));
        return token;
    }

    public void close(String token) {
        routes.remove(token);
    }

    public void deliver(McpSchema.ProgressNotification notification) {
        Route route = notification.progressToken() == null ? null : routes.get(notification.progressToken().toString());
        if (route == null) {
            return;
        }
        JsonObject params = new JsonObject().put("progressToken", route.clientToken())
                .put("progress", notification.progress());
        if (notification.total() != null) {
            params.put("total", notification.total());
        }
        if (notification.message() != null) {
            params.put("message", notification.message());
        }
        route.channel().send(JsonRpc.notification("notifications/progress", params));
    }
}
