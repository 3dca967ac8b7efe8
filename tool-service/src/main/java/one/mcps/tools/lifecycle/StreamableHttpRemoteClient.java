package one.mcps.tools.lifecycle;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import one.mcps.tools.mcp.JsonRpc;
import one.mcps.tools.mcp.JsonRpcMux;

/**
 * A health-checking MCP client session with a remote Streamable HTTP server: the initialize handshake, then
 * pings. The proxy talks to remote servers itself; this only tells whether they answer MCP.
 */
final class StreamableHttpRemoteClient implements RemoteClient {

    private static final String SESSION_HEADER = "Mcp-Session-Id";

    private final WebClient client;
    private final ToolSpec spec;
    private final AtomicLong ids = new AtomicLong();
    private String sessionId;
    private String protocolVersion;

    StreamableHttpRemoteClient(WebClient client, ToolSpec spec) {
        this.client = client;
        this.spec = spec;
    }

    @Override
    public Uni<ObjectNode> initialize(ObjectNode params, Duration timeout) {
        return post(JsonRpc.request(ids.incrementAndGet(), "initialize", params), timeout).map(response -> {
            sessionId = response.getHeader(SESSION_HEADER);
            ObjectNode message = message(response);
            if (message.has("error")) {
                throw new IllegalStateException("initialize failed: " + message.path("error").path("message").asText());
            }
            ObjectNode result = (ObjectNode) message.get("result");
            protocolVersion = result.path("protocolVersion").asText(null);
            return result;
        }).call(() -> post(JsonRpc.notification("notifications/initialized", null), timeout));
    }

    @Override
    public Uni<Void> ping(Duration timeout) {
        return post(JsonRpc.request(ids.incrementAndGet(), "ping", null), timeout).invoke(response -> {
            ObjectNode message = message(response);
            if (message.has("error")) {
                throw new IllegalStateException("ping failed: " + message.path("error").path("message").asText());
            }
        }).replaceWithVoid();
    }

    @Override
    public void close() {
        if (sessionId != null) {
            HttpRequest<Buffer> delete = client.deleteAbs(spec.url());
            headers(delete);
            delete.send().subscribe().with(r -> {
            }, f -> {
            });
        }
    }

    private Uni<HttpResponse<Buffer>> post(ObjectNode message, Duration timeout) {
        HttpRequest<Buffer> request = client.postAbs(spec.url()).timeout(timeout.toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader("Accept", "application/json, text/event-stream");
        headers(request);
        return request.sendBuffer(Buffer.buffer(JsonRpcMux.serialize(message))).invoke(response -> {
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("HTTP " + response.statusCode() + " from " + spec.url());
            }
        });
    }

    private void headers(HttpRequest<Buffer> request) {
        spec.headers().forEach(request::putHeader);
        if (sessionId != null) {
            request.putHeader(SESSION_HEADER, sessionId);
        }
        if (protocolVersion != null) {
            request.putHeader("MCP-Protocol-Version", protocolVersion);
        }
    }

    /** The JSON-RPC response in a JSON body, or the first one in an event-stream body. */
    private static ObjectNode message(HttpResponse<Buffer> response) {
        String body = response.bodyAsString();
        String type = response.getHeader("Content-Type");
        try {
            if (type != null && type.startsWith("text/event-stream")) {
                for (String line : body.split("\n")) {
                    if (line.startsWith("data:")) {
                        JsonNode node = JsonRpc.MAPPER.readTree(line.substring(5).trim());
                        if (JsonRpc.isResponse(node)) {
                            return (ObjectNode) node;
                        }
                    }
                }
                throw new IllegalStateException("no JSON-RPC response in the event stream");
            }
            return (ObjectNode) JsonRpc.MAPPER.readTree(body);
        } catch (java.io.IOException | ClassCastException e) {
            throw new IllegalStateException("the answer is not JSON-RPC");
        }
    }
}
