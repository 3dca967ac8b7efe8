package one.mcps.proxy.upstream;

import io.modelcontextprotocol.spec.McpSchema;

/**
 * What upstreams tell the rest of the proxy: their catalog changed, or they sent a notification that belongs to
 * some client session. Implemented downstream, so this package does not depend on it.
 */
public interface UpstreamListener {

    void catalogChanged(String server);

    void progress(String server, McpSchema.ProgressNotification notification);

    void log(String server, McpSchema.LoggingMessageNotification notification);

    void resourceUpdated(String server, String uri);
}
