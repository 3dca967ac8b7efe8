package one.mcps.e2e;

/**
 * What came back for one call: the tool result ({@code isError} and its text content), or a JSON-RPC/transport
 * error ({@code protocolError}, then the other fields are empty).
 */
record CallOutcome(String tool, boolean isError, String text, String protocolError) {

    boolean failed() {
        return isError || protocolError != null;
    }

    String describe() {
        return protocolError != null ? "protocol error: " + protocolError
                : (isError ? "tool error: " : "result: ") + text;
    }
}
