package one.mcps.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** One MCP session of the official Java SDK client over Streamable HTTP, with a Bearer header on every request. */
final class JavaSdkSession implements AutoCloseable {

    private final McpSyncClient client;

    private JavaSdkSession(McpSyncClient client) {
        this.client = client;
    }

    /** Connects and initializes; {@code requestTimeout} bounds each request so a hang shows up as a failure. */
    static JavaSdkSession open(String gatewayUrl, String path, String bearer, Duration requestTimeout) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(gatewayUrl)
                .endpoint(path)
                .jsonMapper(new JacksonMcpJsonMapper(new ObjectMapper()))
                .httpRequestCustomizer((builder, method, uri, body, context) -> builder.header("Authorization",
                        "Bearer " + bearer))
                .build();
        McpSyncClient client = McpClient.sync(transport)
                .clientInfo(new McpSchema.Implementation("mcps-e2e-java-sdk", "1.0.0"))
                .requestTimeout(requestTimeout)
                .initializationTimeout(requestTimeout)
                .build();
        client.initialize();
        return new JavaSdkSession(client);
    }

    String serverName() {
        return client.getServerInfo().name();
    }

    List<String> toolNames() {
        List<String> names = new ArrayList<>();
        String cursor = null;
        do {
            McpSchema.ListToolsResult page = client.listTools(cursor);
            page.tools().forEach(t -> names.add(t.name()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return names;
    }

    CallOutcome call(McpCall call) {
        try {
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(call.tool(),
                    call.arguments()));
            String text = result.content().stream().filter(c -> c instanceof McpSchema.TextContent)
                    .map(c -> ((McpSchema.TextContent) c).text()).collect(Collectors.joining("\n"));
            return new CallOutcome(call.tool(), Boolean.TRUE.equals(result.isError()), text, null);
        } catch (RuntimeException e) {
            return new CallOutcome(call.tool(), false, "", String.valueOf(e.getMessage()));
        }
    }

    @Override
    public void close() {
        client.closeGracefully();
    }
}
