package one.mcps.tools.tasks;

import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import one.mcps.platform.security.ServiceTokenClient;

/**
 * {@code tool.call}: mcp-proxy's unified call with this service's token. The plain HTTP client (not WebClient)
 * because cancelling must reset the request, so the proxy sees the call abandoned rather than a reader gone away.
 */
@ApplicationScoped
public class ToolCallExecutor implements TaskExecutor {

    static final String PATH = "/api/v1/mcp/unified/call";

    private final HttpClient client;
    private final ServiceTokenClient tokens;
    private final String url;

    public ToolCallExecutor(Vertx vertx, ServiceTokenClient tokens, @ConfigProperty(name = "mcps.proxy.url") String proxyUrl) {
        this.client = vertx.createHttpClient();
        this.tokens = tokens;
        this.url = proxyUrl + PATH;
    }

    @Override
    public Set<String> types() {
        return Set.of(TaskTypes.TOOL_CALL);
    }

    @Override
    public Uni<Map<String, Object>> execute(Task task, Progress progress) {
        JsonObject body = new JsonObject().put("server", task.params.get("server")).put("tool", task.params.get("tool"))
                .put("arguments", task.params.getOrDefault("arguments", Map.of()));
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .addHeader("Content-Type", "application/json").addHeader("Accept", "application/json");
        return tokens.authorization().chain(auth -> client.request(options.addHeader("Authorization", auth)))
                .chain(request -> send(request, body));
    }

    private Uni<Map<String, Object>> send(HttpClientRequest request, JsonObject body) {
        return request.send(Buffer.buffer(body.encode()))
                .chain(response -> response.body().map(buffer -> {
                    if (response.statusCode() != 200) {
                        throw new TaskFailed("mcp-proxy answered HTTP " + response.statusCode() + ": "
                                + buffer.toString(), null);
                    }
                    Map<String, Object> result = new JsonObject(buffer.getDelegate()).getMap();
                    if (Boolean.TRUE.equals(result.get("isError"))) {
                        throw new TaskFailed("The tool reported an error (isError=true).", result);
                    }
                    return result;
                }))
                .onCancellation().invoke(() -> request.reset());
    }
}
