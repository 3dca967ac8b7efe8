package one.mcps.platform.mcp;

/**
 * The JSON-RPC error codes MCPS.ONE answers MCP clients with, one table for every hop (tool-service's bridge,
 * mcp-proxy, the gateway), so that a code means the same thing wherever it was set: a bridge timeout reaches the
 * client and the call log as a timeout. JSON-RPC's own codes, the MCP specification's, then ours in the range
 * JSON-RPC leaves to servers.
 */
public final class McpErrorCodes {

    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;
    /** MCP (stateful revisions): the resource does not exist; 2026-07-28 says -32602 with {@code data.uri}. */
    public static final int RESOURCE_NOT_FOUND = -32002;
    /** MCP 2026-07-28: the request's headers and body disagree (version, Mcp-Method, Mcp-Name); HTTP 400. */
    public static final int HEADER_MISMATCH = -32020;
    /** MCP 2026-07-28: the request needs a capability its client did not declare ({@code data.requiredCapabilities}). */
    public static final int MISSING_REQUIRED_CLIENT_CAPABILITY = -32021;
    /** MCP 2026-07-28: the version the request names is not served; {@code data} lists the supported ones; HTTP 400. */
    public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;
    /** A request given up (its client cancelled it or went away) before its answer. */
    public static final int REQUEST_CANCELLED = -32800;

    /** Ours: the session the request names is not known (ended, expired, another credential's); HTTP 404. */
    public static final int SESSION_NOT_FOUND = -32001;
    /** Ours: the MCP server cannot take the request (not running, unreachable, paused, at its limit). */
    public static final int SERVER_UNAVAILABLE = -32003;
    /** Ours: the MCP server did not answer within the call's timeout (recorded as a TIMEOUT call). */
    public static final int SERVER_TIMEOUT = -32004;

    private McpErrorCodes() {
    }
}
