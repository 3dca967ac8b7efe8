package one.mcps.proxy.jsonrpc;

/** A request that ends in a JSON-RPC error for the client: the code and message are what the client sees. */
public class McpRpcException extends RuntimeException {

    private final int code;

    public McpRpcException(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static McpRpcException invalidParams(String message) {
        return new McpRpcException(JsonRpc.INVALID_PARAMS, message);
    }
}
