package one.mcps.e2e;

import java.util.List;

/** A real MCP client this project did not write, driven through the gateway: list the tools, then make calls. */
interface McpDriver {

    String name();

    Observed run(String bearer, List<McpCall> calls);
}
