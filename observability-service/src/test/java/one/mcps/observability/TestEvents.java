package one.mcps.observability;

import java.time.Instant;
import java.util.UUID;

import one.mcps.platform.events.EventTypes;
import one.mcps.platform.events.Topics;
import one.mcps.testing.KafkaProbe;

/** Platform events as their producers send them, for tests (JSON built by hand: what goes over the wire). */
public final class TestEvents {

    private TestEvents() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String toolStatus(String tool, String state, String previous) {
        String json = "{\"tool_id\":\"" + UUID.randomUUID() + "\",\"tool\":\"" + tool + "\",\"transport\":\"stdio\","
                + "\"state\":\"" + state + "\",\"previous_state\":\"" + previous + "\",\"pid\":4242,\"restarts\":1,"
                + "\"reason\":\"test\",\"at\":\"" + Instant.now() + "\"}";
        String id = UUID.randomUUID().toString();
        KafkaProbe.send(Topics.TOOL_STATUS, tool, EventTypes.TOOL_STATUS_CHANGED, json, id);
        return id;
    }

    public static String toolLog(String tool, String line) {
        String json = "{\"tool\":\"" + tool + "\",\"stream\":\"stderr\",\"line\":\"" + line + "\",\"pid\":4242,"
                + "\"at\":\"" + Instant.now() + "\"}";
        String id = UUID.randomUUID().toString();
        KafkaProbe.send(Topics.TOOL_LOGS, tool, EventTypes.TOOL_LOG_LINE, json, id);
        return id;
    }

    /** A call refused before it reached a server (no server, no tool). */
    public static void mcpCallWithoutServer(String session, String outcome) {
        String json = "{\"session_id\":\"" + session + "\",\"user_id\":\"u1\",\"username\":\"alice\","
                + "\"method\":\"tools/call\",\"name\":\"nowhere__echo\",\"duration_ms\":1,\"outcome\":\"" + outcome
                + "\",\"request_bytes\":10,\"response_bytes\":0,\"at\":\"" + Instant.now() + "\"}";
        KafkaProbe.send(Topics.MCP_CALLS, session, EventTypes.MCP_CALL, json);
    }

    public static void mcpCall(String server, String session, String outcome, long ms) {
        String json = "{\"session_id\":\"" + session + "\",\"user_id\":\"u1\",\"username\":\"alice\",\"server\":\""
                + server + "\",\"method\":\"tools/call\",\"name\":\"" + server + "__echo\",\"duration_ms\":" + ms
                + ",\"outcome\":\"" + outcome + "\",\"request_bytes\":10,\"response_bytes\":20,\"request_id\":\"r-"
                + session + "\",\"at\":\"" + Instant.now() + "\"}";
        KafkaProbe.send(Topics.MCP_CALLS, session, EventTypes.MCP_CALL, json);
    }
}
