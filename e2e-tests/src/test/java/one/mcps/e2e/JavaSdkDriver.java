package one.mcps.e2e;

import java.time.Duration;
import java.util.List;

/** The MCP Java SDK client (Streamable HTTP transport) as one of the suite's real clients. */
final class JavaSdkDriver implements McpDriver {

    private final String gatewayUrl;

    JavaSdkDriver(String gatewayUrl) {
        this.gatewayUrl = gatewayUrl;
    }

    @Override
    public String name() {
        return "MCP Java SDK over Streamable HTTP";
    }

    @Override
    public Observed run(String bearer, List<McpCall> calls) {
        try (JavaSdkSession session = JavaSdkSession.open(gatewayUrl, "/mcp", bearer, Duration.ofSeconds(60))) {
            List<String> tools = session.toolNames();
            return new Observed(tools, calls.stream().map(session::call).toList());
        }
    }
}
