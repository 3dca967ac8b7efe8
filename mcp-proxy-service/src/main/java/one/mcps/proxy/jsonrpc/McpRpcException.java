package one.mcps.proxy.jsonrpc;

import one.mcps.platform.mcp.McpErrorCodes;

/** A request that ends in a JSON-RPC error for the client: the code and message are what the client sees. */
public class McpRpcException extends RuntimeException {

    private final int code;
    /** The error's {@code data} as the upstream sent it (what a client needs to act on the error), or null. */
    private final Object data;

    public McpRpcException(int code, String message) {
        this(code, message, null);
    }

    public McpRpcException(int code, String message, Object data) {
        super(message, null, false, false);
        this.code = code;
        this.data = data;
    }

    public int code() {
        return code;
    }

    public Object data() {
        return data;
    }

    public static McpRpcException invalidParams(String message) {
        return new McpRpcException(McpErrorCodes.INVALID_PARAMS, message);
    }
}
