package one.mcps.tools.tasks;

import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import one.mcps.platform.security.ServiceTokenClient;

/**
 * {@code tool.call}: mcp-proxy's unified call, made as the user the task acts as. identity-service issues a
 * short-lived token on behalf of that user (and the API key they used), so the proxy applies their current roles
 * and the key's server scope, as if they called now; a disabled user or a revoked key fails the attempt. The service's
 * own token would pass every role check (issue 15). The plain HTTP client for the proxy (not WebClient) because
 * cancelling must reset the request, so the proxy sees the call abandoned rather than a reader gone away.
 */
@ApplicationScoped
public class ToolCallExecutor implements TaskExecutor {

    static final String PATH = "/api/v1/mcp/unified/call";
    static final String ON_BEHALF_PATH = "/internal/tokens/on-behalf";

    private final HttpClient client;
    private final WebClient web;
    private final ServiceTokenClient tokens;
    private final String url;
    private final String onBehalfUrl;
    private final long identityTimeoutMs;

    public ToolCallExecutor(Vertx vertx, ServiceTokenClient tokens,
            @ConfigProperty(name = "mcps.proxy.url") String proxyUrl,
            @ConfigProperty(name = "mcps.identity.url") String identityUrl, TasksConfig config) {
        this.client = vertx.createHttpClient();
        this.web = WebClient.create(vertx);
        this.tokens = tokens;
        this.url = proxyUrl + PATH;
        this.onBehalfUrl = identityUrl + ON_BEHALF_PATH;
        this.identityTimeoutMs = config.onBehalfTimeout().toMillis();
    }

    @Override
    public Set<String> types() {
        return Set.of(TaskTypes.TOOL_CALL);
    }

    @Override
    public Uni<Map<String, Object>> execute(Task task, Progress progress) {
        if (task.runAsUserId == null) {
            return Uni.createFrom().failure(new TaskFailed("This task records no user to act as (it was saved before "
                    + "tasks acted as their creator): save it again (PUT) and it runs as you.", null));
        }
        JsonObject body = new JsonObject().put("server", task.params.get("server")).put("tool", task.params.get("tool"))
                .put("arguments", task.params.getOrDefault("arguments", Map.of()));
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .addHeader("Content-Type", "application/json").addHeader("Accept", "application/json");
        return onBehalfOf(task)
                .chain(token -> client.request(options.addHeader("Authorization", "Bearer " + token)))
                .chain(request -> send(request, body));
    }

    /** A token of the task's user (and key) from identity-service; its refusal fails the attempt, saying why. */
    private Uni<String> onBehalfOf(Task task) {
        JsonObject body = new JsonObject().put("user_id", task.runAsUserId);
        if (task.runAsApiKeyId != null) {
            body.put("api_key_id", task.runAsApiKeyId);
        }
        String who = "user " + task.runAsUserId + (task.runAsApiKeyId == null ? "" : " (API key "
                + task.runAsApiKeyId + ")");
        return tokens.authorization()
                .chain(service -> web.postAbs(onBehalfUrl).putHeader("Authorization", service)
                        .timeout(identityTimeoutMs).sendJsonObject(body))
                .map(response -> {
                    if (response.statusCode() == 200) {
                        String token = json(response).getString("access_token");
                        if (token != null && !token.isBlank()) {
                            return token;
                        }
                        throw new TaskFailed("identity-service issued no token for " + who + ".", null);
                    }
                    if (response.statusCode() == 403 || response.statusCode() == 404) {
                        String detail = json(response).getString("detail");
                        throw new TaskFailed("The task acts as " + who + ", and identity-service refused to act for "
                                + "them (HTTP " + response.statusCode() + (detail == null ? "" : ": " + detail)
                                + "): the user is disabled or gone, or the key revoked.", null);
                    }
                    throw new TaskFailed("identity-service could not issue a token for " + who + " (HTTP "
                            + response.statusCode() + ").", null);
                });
    }

    /**
     * The proxy's answer. A refusal or failure keeps the proxy's problem as the result, not in the error: the error
     * is shown to everyone who reads tasks, the result only to those who may use the tool, and an upstream failure's
     * text is the tool's own.
     */
    private Uni<Map<String, Object>> send(HttpClientRequest request, JsonObject body) {
        return request.send(Buffer.buffer(body.encode()))
                .chain(response -> response.body().map(buffer -> {
                    if (response.statusCode() != 200) {
                        throw new TaskFailed("mcp-proxy answered HTTP " + response.statusCode()
                                + " (the result holds its answer).", object(buffer.toString()));
                    }
                    Map<String, Object> result = new JsonObject(buffer.getDelegate()).getMap();
                    if (Boolean.TRUE.equals(result.get("isError"))) {
                        throw new TaskFailed("The tool reported an error (isError=true).", result);
                    }
                    return result;
                }))
                .onCancellation().invoke(() -> request.reset());
    }

    private static JsonObject json(HttpResponse<Buffer> response) {
        Map<String, Object> map = object(response.bodyAsString());
        return map == null ? new JsonObject() : new JsonObject(map);
    }

    /** A JSON object body as a map; anything else as {@code {"body": text}}; nothing as null. */
    private static Map<String, Object> object(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return new JsonObject(text).getMap();
        } catch (DecodeException | ClassCastException e) {
            return Map.of("body", text);
        }
    }
}
