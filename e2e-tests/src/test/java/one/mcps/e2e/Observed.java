package one.mcps.e2e;

import java.util.List;

/** What one MCP client saw: the tool names of tools/list and the outcome of each call, in order. */
record Observed(List<String> tools, List<CallOutcome> outcomes) {
}
