package one.mcps.proxy.downstream;

import io.vertx.core.json.JsonObject;

/** Somewhere JSON-RPC messages can be pushed to a client: an SSE stream of a POST, of a GET, or of legacy /sse. */
public interface Channel {

    /** For answers that have nowhere to send notifications (initialize, REST calls). */
    Channel NONE = message -> false;

    /** Returns false when the channel is closed and the message was not sent. */
    boolean send(JsonObject message);

    /** Keeps an idle stream from being cut by proxies on the way; false when the channel is closed. */
    default boolean keepAlive() {
        return true;
    }

    /** Ends the channel (the session it belongs to ended). */
    default void close() {
    }
}
