package one.mcps.tools.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A minimal MCP Streamable HTTP client session over the JDK HttpClient, as mcp-proxy-service would use the
 * bridge: initialize, then JSON-RPC requests with the session id.
 */
public final class McpHttpClient {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final URI uri;
    private final String token;
    private final AtomicLong ids = new AtomicLong();
    private String sessionId;
    private JsonNode initializeResult;

    public McpHttpClient(String url, String token) {
        this.uri = URI.create(url);
        this.token = token;
    }

    public McpHttpClient initialize(JsonNode capabilities) {
        ObjectNode params = JSON.createObjectNode().put("protocolVersion", "2025-06-18");
        params.set("capabilities", capabilities == null ? JSON.createObjectNode() : capabilities);
        params.putObject("clientInfo").put("name", "bridge-test").put("version", "1");
        HttpResponse<String> response = send(request("initialize", params), "application/json, text/event-stream");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("initialize: HTTP " + response.statusCode() + " " + response.body());
        }
        sessionId = response.headers().firstValue("Mcp-Session-Id").orElseThrow();
        initializeResult = read(response.body()).get("result");
        send(JSON.createObjectNode().put("jsonrpc", "2.0").put("method", "notifications/initialized"),
                "application/json, text/event-stream");
        return this;
    }

    public String sessionId() {
        return sessionId;
    }

    public JsonNode initializeResult() {
        return initializeResult;
    }

    public ObjectNode request(String method, JsonNode params) {
        ObjectNode msg = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", ids.incrementAndGet())
                .put("method", method);
        if (params != null) {
            msg.set("params", params);
        }
        return msg;
    }

    /** Sends one request, answered as JSON; returns the whole JSON-RPC response. */
    public JsonNode call(String method, JsonNode params) {
        HttpResponse<String> response = send(request(method, params), "application/json, text/event-stream");
        return read(response.body());
    }

    public CompletableFuture<JsonNode> callAsync(ObjectNode message) {
        return HTTP.sendAsync(post(message, "application/json, text/event-stream"),
                HttpResponse.BodyHandlers.ofString()).thenApply(r -> read(r.body()));
    }

    public HttpResponse<String> send(JsonNode message, String accept) {
        try {
            return HTTP.send(post(message, accept), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends one request and returns its response as a stream of SSE lines. */
    public HttpResponse<Stream<String>> stream(JsonNode message, String accept) {
        try {
            return HTTP.send(post(message, accept), HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Ends the session (DELETE); returns the HTTP status. */
    public int delete() {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).DELETE()
                .header("Mcp-Session-Id", sessionId);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(builder.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest post(JsonNode message, String accept) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(message.toString()));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (sessionId != null) {
            builder.header("Mcp-Session-Id", sessionId);
        }
        return builder.build();
    }

    /** A JSON body, or the last JSON-RPC response in an event-stream body. */
    public static JsonNode read(String body) {
        try {
            if (body.startsWith("event:") || body.startsWith("data:")) {
                JsonNode last = null;
                for (String line : body.split("\n")) {
                    if (line.startsWith("data:")) {
                        last = JSON.readTree(line.substring(5).trim());
                    }
                }
                return last;
            }
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("Not JSON: " + body, e);
        }
    }
}
