package one.mcps.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A client's Streamable HTTP MCP session through the gateway, kept at the wire level: the suite needs to see each
 * request's own outcome (status, body, a refused connection) and to choose every JSON-RPC id, which an SDK hides.
 * Never throws for what the server answers; a transport failure comes back as {@link Reply#failure()}.
 */
final class McpHttpSession {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /** One request's outcome: the HTTP status and body, or the transport failure (status 0). */
    record Reply(int status, String body, String failure) {
        boolean echoed(String message) {
            return status == 200 && body.contains("Echo: " + message);
        }

        String describe() {
            return failure != null ? failure : "HTTP " + status + " " + body.substring(0, Math.min(body.length(), 300));
        }
    }

    private final URI endpoint;
    private final String bearer;
    private String id;

    McpHttpSession(String gatewayUrl, String bearer) {
        this.endpoint = URI.create(gatewayUrl + "/mcp");
        this.bearer = bearer;
    }

    /** initialize + notifications/initialized; fails the test when the gateway does not open a session. */
    McpHttpSession open() {
        Reply r = post("initialize", "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"mcps-scale-out\",\"version\":\"1\"}}", "init");
        if (r.status != 200 || id == null) {
            throw new AssertionError("initialize through the gateway: " + r.describe());
        }
        post("notifications/initialized", null, null);
        return this;
    }

    String id() {
        return id;
    }

    Reply echo(String server, String message, String requestId) {
        String params;
        try {
            params = "{\"name\":" + JSON.writeValueAsString(server + "__echo") + ",\"arguments\":{\"message\":"
                    + JSON.writeValueAsString(message) + "}}";
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        return post("tools/call", params, requestId);
    }

    Reply listTools() {
        return post("tools/list", "{}", "list");
    }

    private Reply post(String method, String params, String requestId) {
        String body = "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\""
                + (requestId == null ? "" : ",\"id\":\"" + requestId + "\"")
                + (params == null ? "" : ",\"params\":" + params) + "}";
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (id != null) {
            request.header("Mcp-Session-Id", id);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (id == null) {
                id = response.headers().firstValue("Mcp-Session-Id").orElse(null);
            }
            return new Reply(response.statusCode(), response.body(), null);
        } catch (IOException e) {
            return new Reply(0, "", e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(0, "", "interrupted");
        }
    }
}
