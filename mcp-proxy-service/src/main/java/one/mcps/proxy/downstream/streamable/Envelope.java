package one.mcps.proxy.downstream.streamable;

import java.util.Set;

import io.vertx.core.json.JsonObject;

/**
 * The per-request {@code _meta} envelope of the stateless revision (2026-07-28): what a stateful client says once at
 * initialize — protocol version, client info, capabilities — travels in every request.
 */
final class Envelope {

    static final String PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
    static final String CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
    static final String CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
    static final String LOG_LEVEL = "io.modelcontextprotocol/logLevel";
    /** Where a result names the server that answered it. */
    static final String SERVER_INFO = "io.modelcontextprotocol/serverInfo";

    private static final Set<String> LOG_LEVELS = Set.of("debug", "info", "notice", "warning", "error", "critical",
            "alert", "emergency");

    private Envelope() {
    }

    /** The request's {@code _meta}, or null when its params carry none (or no object). */
    static JsonObject metaOf(JsonObject message) {
        Object params = message.getValue("params");
        return params instanceof JsonObject p && p.getValue("_meta") instanceof JsonObject meta ? meta : null;
    }

    /** Whether the request claims the per-request envelope: its {@code _meta} names a protocol version key. */
    static boolean claimed(JsonObject message) {
        JsonObject meta = metaOf(message);
        return meta != null && meta.containsKey(PROTOCOL_VERSION);
    }

    /**
     * The first thing wrong with an envelope, as the client should read it ({@code key: problem}), or null when it
     * is valid. Required: the protocol version and the client's capabilities; client info is optional (a SHOULD) but
     * must be well-formed when present, as must a log level.
     */
    static String problem(JsonObject meta) {
        if (meta == null) {
            return "_meta: missing";
        }
        for (String required : new String[] {PROTOCOL_VERSION, CLIENT_CAPABILITIES}) {
            if (!meta.containsKey(required)) {
                return required + ": missing";
            }
        }
        if (!(meta.getValue(PROTOCOL_VERSION) instanceof String)) {
            return PROTOCOL_VERSION + ": expected a string";
        }
        if (!(meta.getValue(CLIENT_CAPABILITIES) instanceof JsonObject)) {
            return CLIENT_CAPABILITIES + ": expected an object";
        }
        Object info = meta.getValue(CLIENT_INFO);
        if (info != null && !(info instanceof JsonObject i && i.getValue("name") instanceof String
                && i.getValue("version") instanceof String)) {
            return CLIENT_INFO + ": expected an object with name and version strings";
        }
        Object level = meta.getValue(LOG_LEVEL);
        if (level != null && !(level instanceof String l && LOG_LEVELS.contains(l))) {
            return LOG_LEVEL + ": expected a logging level";
        }
        return null;
    }
}
