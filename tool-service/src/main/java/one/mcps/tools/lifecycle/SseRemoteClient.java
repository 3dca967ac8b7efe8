package one.mcps.tools.lifecycle;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.WebClient;
import one.mcps.platform.security.OutboundTargets;
import one.mcps.tools.mcp.JsonRpc;
import one.mcps.tools.mcp.JsonRpcMux;

/**
 * The legacy HTTP+SSE transport: a GET stream whose first event names the endpoint to POST messages to; answers
 * come back on the stream.
 */
final class SseRemoteClient implements RemoteClient {

    private final HttpClient http;
    private final WebClient web;
    private final ToolSpec spec;
    private final OutboundTargets outbound;
    private final AtomicLong ids = new AtomicLong();
    /** Registered before the request is posted: its answer may come on the stream before the POST's own response. */
    private final Map<Long, CompletableFuture<ObjectNode>> pending = new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();
    /**
     * Completed by the {@code endpoint} event. A future rather than an emitter set on subscription: the event can
     * come with the response headers and be handed over as soon as the stream's handler is set, before anyone
     * waits for it.
     */
    private final CompletableFuture<String> endpointNamed = new CompletableFuture<>();
    private volatile String endpoint;
    private HttpClientResponse stream;

    SseRemoteClient(HttpClient http, WebClient web, ToolSpec spec, OutboundTargets outbound) {
        this.http = http;
        this.web = web;
        this.spec = spec;
        this.outbound = outbound;
    }

    @Override
    public Uni<ObjectNode> initialize(ObjectNode params, Duration timeout) {
        return open(timeout)
                .chain(() -> call("initialize", params, timeout))
                .call(result -> post(JsonRpc.notification("notifications/initialized", null), timeout));
    }

    @Override
    public Uni<Void> ping(Duration timeout) {
        if (stream == null) {
            return Uni.createFrom().failure(new IllegalStateException("the event stream is closed"));
        }
        return call("ping", null, timeout).replaceWithVoid();
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.request().connection().close().subscribe().with(v -> {
            }, f -> {
            });
            stream = null;
        }
    }

    private Uni<Void> open(Duration timeout) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(spec.url())
                .putHeader("Accept", "text/event-stream").setIdleTimeout(0);
        spec.headers().forEach(options::putHeader);
        return http.request(options).chain(request -> request.send()).invoke(response -> {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode() + " from " + spec.url());
            }
            stream = response;
            response.handler(chunk -> onChunk(chunk.toString()));
            response.endHandler(() -> stream = null);
        }).chain(() -> Uni.createFrom().completionStage(endpointNamed)).ifNoItem().after(timeout)
                .failWith(() -> new IllegalStateException("no endpoint event within " + timeout.toMillis() + " ms"))
                .map(path -> URI.create(spec.url()).resolve(path))
                // The server names where messages (and the tool's headers) go: that target is checked like the URL.
                .call(outbound::check)
                .invoke(target -> endpoint = target.toString()).replaceWithVoid();
    }

    private Uni<ObjectNode> call(String method, JsonNode params, Duration timeout) {
        long id = ids.incrementAndGet();
        CompletableFuture<ObjectNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        return post(JsonRpc.request(id, method, params), timeout)
                .chain(() -> Uni.createFrom().completionStage(answer)).ifNoItem().after(timeout)
                .failWith(() -> new IllegalStateException(method + " not answered within " + timeout.toMillis()
                        + " ms"))
                .onTermination().invoke(() -> pending.remove(id))
                .map(response -> {
                    if (response.has("error")) {
                        throw new IllegalStateException(method + " failed: "
                                + response.path("error").path("message").asText());
                    }
                    return (ObjectNode) response.get("result");
                });
    }

    private Uni<Void> post(ObjectNode message, Duration timeout) {
        HttpRequest<Buffer> request = web.postAbs(endpoint).timeout(timeout.toMillis())
                .putHeader("Content-Type", "application/json");
        spec.headers().forEach(request::putHeader);
        return request.sendBuffer(Buffer.buffer(JsonRpcMux.serialize(message))).invoke(response -> {
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("HTTP " + response.statusCode() + " from " + endpoint);
            }
        }).replaceWithVoid();
    }

    /** Splits the stream into events ({@code event:} and {@code data:} lines up to a blank line). */
    private synchronized void onChunk(String chunk) {
        partial.append(chunk.replace("\r\n", "\n"));
        int end;
        while ((end = partial.indexOf("\n\n")) >= 0) {
            String event = partial.substring(0, end);
            partial.delete(0, end + 2);
            String type = "message";
            StringBuilder data = new StringBuilder();
            for (String line : event.split("\n")) {
                if (line.startsWith("event:")) {
                    type = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                }
            }
            onEvent(type, data.toString());
        }
    }

    private void onEvent(String type, String data) {
        if ("endpoint".equals(type)) {
            endpointNamed.complete(data);
            return;
        }
        try {
            JsonNode message = JsonRpc.MAPPER.readTree(data);
            if (JsonRpc.isResponse(message)) {
                CompletableFuture<ObjectNode> waiter = pending.remove(message.path("id").asLong(-1));
                if (waiter != null) {
                    waiter.complete((ObjectNode) message);
                }
            }
        } catch (java.io.IOException e) {
            // not JSON-RPC: a keep-alive or something this health check does not need
        }
    }
}
