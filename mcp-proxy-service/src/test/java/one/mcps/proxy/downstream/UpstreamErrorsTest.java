package one.mcps.proxy.downstream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.modelcontextprotocol.spec.McpError;
import io.smallrye.mutiny.TimeoutException;
import one.mcps.platform.events.McpCallRecorded;
import one.mcps.platform.mcp.McpErrorCodes;

/** What a client and the call log see of an upstream's failure. */
class UpstreamErrorsTest {

    /** tool-service's bridge timed the call: its error is a timeout here too, not "session not found" or ERROR. */
    @Test
    void aTimeoutSaidByTheBridgeIsATimeoutForTheClientAndTheLog() {
        McpError bridge = McpError.builder(McpErrorCodes.SERVER_TIMEOUT)
                .message("The MCP server did not answer within 1000 ms.").build();
        assertEquals(McpErrorCodes.SERVER_TIMEOUT, UpstreamErrors.toRpc("slow", bridge).code());
        assertEquals(McpCallRecorded.TIMEOUT, UpstreamErrors.outcome(bridge));
    }

    @Test
    void ourOwnTimerIsTheSameTimeout() {
        assertEquals(McpErrorCodes.SERVER_TIMEOUT, UpstreamErrors.toRpc("slow", new TimeoutException()).code());
        assertEquals(McpCallRecorded.TIMEOUT, UpstreamErrors.outcome(new TimeoutException()));
    }

    @Test
    void anUpstreamsOwnErrorKeepsItsCodeAndIsAnError() {
        McpError own = McpError.builder(McpErrorCodes.INVALID_PARAMS).message("bad").build();
        assertEquals(McpErrorCodes.INVALID_PARAMS, UpstreamErrors.toRpc("x", own).code());
        assertEquals(McpCallRecorded.ERROR, UpstreamErrors.outcome(own));
    }
}
