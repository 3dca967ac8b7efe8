package one.mcps.proxy.upstream;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

import io.modelcontextprotocol.client.transport.HttpClientSseClientTransport;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.customizer.McpAsyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import one.mcps.platform.security.OutboundTargets;
import one.mcps.platform.security.ServiceTokenClient;
import reactor.core.publisher.Mono;

/**
 * Builds the SDK transport for a running tool: Streamable HTTP for the tool-service bridge and for
 * {@code streamable_http} tools, the 2024-11-05 HTTP+SSE transport for {@code sse} tools. Every request carries the
 * tool's own headers, and the service token when it goes to the bridge.
 */
final class UpstreamTransports {

    private UpstreamTransports() {
    }

    static McpClientTransport create(RunningTool tool, McpJsonMapper json, ServiceTokenClient tokens,
            OutboundTargets outbound, Duration connectTimeout) {
        URI uri = URI.create(tool.url());
        String base = uri.getScheme() + "://" + uri.getRawAuthority();
        String endpoint = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            endpoint = endpoint + "?" + uri.getRawQuery();
        }
        McpAsyncHttpClientRequestCustomizer headers = headers(tool, tokens, outbound);
        if (RunningTool.SSE.equals(tool.transport())) {
            return HttpClientSseClientTransport.builder(base).sseEndpoint(endpoint).jsonMapper(json)
                    .customizeClient(UpstreamTransports::http11)
                    .connectTimeout(connectTimeout).asyncHttpRequestCustomizer(headers).build();
        }
        return HttpClientStreamableHttpTransport.builder(base).endpoint(endpoint).jsonMapper(json)
                .customizeClient(UpstreamTransports::http11)
                .connectTimeout(connectTimeout).asyncHttpRequestCustomizer(headers).build();
    }

    /**
     * Plain HTTP/1.1 with kept-alive connections: the JDK client's default (HTTP/2) offers an h2c upgrade on every
     * cleartext request, which MCP servers on Node do not take and which cost latency on each call.
     */
    private static void http11(HttpClient.Builder builder) {
        builder.version(HttpClient.Version.HTTP_1_1);
    }

    /**
     * A remote tool's requests carry its secret headers, so each goes only where the platform may call: its URL was
     * checked when saved, but a name can resolve elsewhere later and a legacy SSE server names the address of its
     * message endpoint itself ({@link OutboundTargets}).
     */
    private static McpAsyncHttpClientRequestCustomizer headers(RunningTool tool, ServiceTokenClient tokens,
            OutboundTargets outbound) {
        Map<String, String> fixed = tool.headers();
        return (builder, method, uri, body, context) -> {
            if (!tool.viaBridge()) {
                return Mono.fromCompletionStage(() -> outbound.check(uri).subscribeAsCompletionStage())
                        .then(Mono.fromSupplier(() -> {
                            fixed.forEach(builder::setHeader);
                            return builder;
                        }));
            }
            fixed.forEach(builder::setHeader);
            return Mono.fromCompletionStage(() -> tokens.authorization().subscribeAsCompletionStage())
                    .map(authorization -> builder.setHeader("Authorization", authorization));
        };
    }
}
