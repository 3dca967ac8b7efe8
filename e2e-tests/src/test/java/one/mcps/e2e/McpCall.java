package one.mcps.e2e;

import java.util.Map;

/** One tools/call a client makes: the namespaced tool name and its arguments. */
record McpCall(String tool, Map<String, Object> arguments) {
}
