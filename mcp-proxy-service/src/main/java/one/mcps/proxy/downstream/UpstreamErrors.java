package one.mcps.proxy.downstream;

import java.util.concurrent.TimeoutException;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.modelcontextprotocol.spec.McpError;
import one.mcps.platform.events.McpCallRecorded;
import one.mcps.proxy.jsonrpc.JsonRpc;
import one.mcps.proxy.jsonrpc.McpRpcException;
import one.mcps.platform.mcp.McpErrorCodes;

/** Turns whatever an upstream call failed with into the JSON-RPC error the client sees, and the call's outcome. */
public final class UpstreamErrors {

    private UpstreamErrors() {
    }

    public static McpRpcException toRpc(String server, Throwable failure) {
        if (failure instanceof McpRpcException rpc) {
            return rpc;
        }
        if (failure instanceof McpError error && error.getJsonRpcError() != null) {
            Integer code = error.getJsonRpcError().code();
            return new McpRpcException(code == null ? McpErrorCodes.INTERNAL_ERROR : code,
                    error.getJsonRpcError().message(), error.getJsonRpcError().data());
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return new McpRpcException(McpErrorCodes.SERVER_UNAVAILABLE,
                    "Server " + server + " is not answering; calls to it are paused for a moment.");
        }
        if (failure instanceof BulkheadException) {
            return new McpRpcException(McpErrorCodes.SERVER_UNAVAILABLE,
                    "Server " + server + " is at its concurrency limit; try again shortly.");
        }
        if (isTimeout(failure)) {
            return new McpRpcException(McpErrorCodes.SERVER_TIMEOUT, "Server " + server + " did not answer in time.");
        }
        return new McpRpcException(McpErrorCodes.SERVER_UNAVAILABLE, "Server " + server + " could not be reached.");
    }

    public static String outcome(Throwable failure) {
        return isTimeout(failure) ? McpCallRecorded.TIMEOUT : McpCallRecorded.ERROR;
    }

    /** Our own timer, or a hop before us (tool-service's bridge) that timed the call and said so. */
    private static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof McpError error && error.getJsonRpcError() != null
                    && Integer.valueOf(McpErrorCodes.SERVER_TIMEOUT).equals(error.getJsonRpcError().code())) {
                return true;
            }
            if (t instanceof TimeoutException || t instanceof io.smallrye.mutiny.TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
