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
     * {@code elicitation/create}) on a path that does not say which call (the SDK client's); goes to the one client
     * session calling this server now, and fails with a JSON-RPC error when there is not exactly one with
     * {@code capability}.
     */
    Uni<JsonObject> askClient(String server, String method, String capability, JsonObject params, Duration timeout);

    /**
     * The same for a request that came on the stream of a known call ({@code sampling/createMessage},
     * {@code elicitation/create}, {@code roots/list}): it goes to {@code session}, the client session that made
     * the call; fails with a JSON-RPC error when the call has no session (REST), the session did not declare
     * {@code capability}, or it cannot be reached.
     */
    Uni<JsonObject> askSession(String server, String session, String method, String capability, JsonObject params,
            Duration timeout);
}
