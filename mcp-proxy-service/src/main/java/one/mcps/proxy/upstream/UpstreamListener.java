package one.mcps.proxy.upstream;

import java.time.Duration;

import io.modelcontextprotocol.spec.McpSchema;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * What upstreams tell the rest of the proxy: their catalog changed, or they sent a notification that belongs to
 * some client session. Implemented downstream, so this package does not depend on it.
 */
public interface UpstreamListener {

    void catalogChanged(String server);

    void progress(String server, McpSchema.ProgressNotification notification);

    void log(String server, McpSchema.LoggingMessageNotification notification);

    void resourceUpdated(String server, String uri);

    /**
     * A request the upstream sent to its client during a call ({@code sampling/createMessage},
     * {@code elicitation/create}), for the client session that made the call; fails with a JSON-RPC error when no
     * single session with {@code capability} is calling this server.
     */
    Uni<JsonObject> askClient(String server, String method, String capability, JsonObject params, Duration timeout);
}
