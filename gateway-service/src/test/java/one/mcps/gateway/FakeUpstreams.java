package one.mcps.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * The services behind the gateway in tests, as small Vert.x servers: an echoing tool-service (with a slow path that
 * never answers), an observability-service with a WebSocket echo, two mcp-proxy-service instances that hand out
 * sessions, echo what they received, stream SSE, hold a {@code test/hang} call open and die in the middle of a
 * {@code test/die} stream, a {@code test/die-silently} call or a {@code GET ?die} stream, and an identity-service
 * whose public API is down (its port has nothing listening) while its internal API (service tokens, API-key checks)
 * answers, so API keys can be checked at the edge.
 */
public class FakeUpstreams implements QuarkusTestResourceLifecycleManager {

    /** Paths every fake received, for asserting what was (not) forwarded. */
    public static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
    /** Completes the fake mcp-proxy's SSE streams (GET, and POST of {@code test/stream}) after their first event. */
    public static volatile CompletableFuture<Void> releaseStream = new CompletableFuture<>();
    /** Every POST body the fake mcp-proxy instances received, for asserting what was (not) forwarded. */
    public static final List<String> MCP_BODIES = new CopyOnWriteArrayList<>();
    /** Bodies of the MCP calls the fake mcp-proxy holds open without an answer. */
    public static final List<String> heldCalls = new CopyOnWriteArrayList<>();
    /** Bodies of held calls whose connection the gateway then closed. */
    public static final List<String> abandonedCalls = new CopyOnWriteArrayList<>();
    /** The runtime-settings key the gateway reads its default request limit from, unique per run. */
    public static final String LIMIT_SETTING = "requests_per_minute_test_" + UUID.randomUUID().toString()
            .substring(0, 8);
    /** The runtime-settings key that switches maintenance mode for every gateway instance, unique per run. */
    public static final String MAINTENANCE_SETTING = "maintenance_mode_test_" + UUID.randomUUID().toString()
            .substring(0, 8);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    /** The one API key the fake identity-service knows; its id is new each run, as revocations outlive runs. */
    public static final String API_KEY_ID = "k" + UUID.randomUUID().toString().substring(0, 8);
    public static final String API_KEY = "mcps_" + API_KEY_ID + "_goodsecret";
    /** An admin's API key limited to the MCP server fs. */
    public static final String SCOPED_ADMIN_KEY_ID = "s" + UUID.randomUUID().toString().substring(0, 8);
    public static final String SCOPED_ADMIN_KEY = "mcps_" + SCOPED_ADMIN_KEY_ID + "_goodsecret";

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        int tools = listen(this::tools);
        int observability = listen(this::observability);
        int proxyA = listen(r -> mcpProxy("proxy-a", r));
        int proxyB = listen(r -> mcpProxy("proxy-b", r));
        int identity = listen(this::identityInternals);
        return Map.of(
                "mcps.identity.url", "http://127.0.0.1:" + identity,
                "mcps.gateway.upstreams.identity-service.urls", "http://127.0.0.1:" + freePort(),
                "mcps.tools.url", "http://127.0.0.1:" + tools,
                "mcps.observability.url", "http://127.0.0.1:" + observability,
                "mcps.gateway.upstreams.mcp-proxy-service.urls",
                "http://127.0.0.1:" + proxyA + ",http://127.0.0.1:" + proxyB,
                // Runtime settings other modules' tests publish on the shared topic must not reach these tests.
                "mcps.gateway.rate-limit.settings.requests-per-minute", LIMIT_SETTING,
                "mcps.gateway.rate-limit.settings.enabled", "rate_limiting_enabled_test_" + RUN,
                "mcps.gateway.rate-limit.settings.anonymous-per-minute", "anonymous_requests_per_minute_test_" + RUN,
                "mcps.gateway.rate-limit.settings.mcp-calls-per-minute", "mcp_calls_per_minute_test_" + RUN,
                "mcps.gateway.admin.maintenance-setting", MAINTENANCE_SETTING);
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    private void identityInternals(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            if (request.path().equals("/api/v1/auth/token")) {
                request.response().putHeader("Content-Type", "application/json")
                        .end("{\"access_token\":\"service-token\",\"expires_in\":300}");
            } else if (request.path().equals("/internal/api-keys/verify")
                    && API_KEY.equals(body.toJsonObject().getString("key"))) {
                request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                        .put("user_id", "key-owner-id").put("username", "key-owner").put("roles", List.of("viewer"))
                        .put("api_key_id", API_KEY_ID).encode());
            } else if (request.path().equals("/internal/api-keys/verify")
                    && SCOPED_ADMIN_KEY.equals(body.toJsonObject().getString("key"))) {
                request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                        .put("user_id", "scoped-owner-id").put("username", "scoped-owner")
                        .put("roles", List.of("admin")).put("api_key_id", SCOPED_ADMIN_KEY_ID)
                        .put("servers", List.of("fs")).encode());
            } else {
                request.response().setStatusCode(404).end();
            }
        });
    }

    private void tools(HttpServerRequest request) {
        RECEIVED.add(request.path());
        if (request.path().equals("/q/openapi")) {
            request.response().putHeader("Content-Type", "application/json")
                    .end("{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"fake tool-service\",\"version\":\"1\"}}");
            return;
        }
        if (request.path().startsWith("/api/v1/tools/slow")) {
            return; // never answers: the gateway's route timeout must.
        }
        echo(request);
    }

    private void observability(HttpServerRequest request) {
        RECEIVED.add(request.path());
        if (request.path().equals("/api/v1/ws")) {
            request.toWebSocket().onSuccess(ws -> ws.textMessageHandler(text -> ws.writeTextMessage("echo:" + text)));
            return;
        }
        echo(request);
    }

    private void mcpProxy(String instance, HttpServerRequest request) {
        RECEIVED.add(request.path());
        String session = request.getHeader("Mcp-Session-Id");
        if (request.method().name().equals("GET") && "text/event-stream".equals(request.getHeader("Accept"))) {
            request.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
            request.response().write("event: message\ndata: first\n\n");
            if (request.getParam("die") != null) {
                dieSoon(request);
                return;
            }
            releaseStream.thenRun(() -> vertx.runOnContext(v -> request.response()
                    .end("event: message\ndata: second\n\n")));
            return;
        }
        request.body().onSuccess(body -> {
            MCP_BODIES.add(body.toString());
            String method = body.length() > 0 && body.getByte(0) == '{' ? body.toJsonObject().getString("method")
                    : null;
            if ("test/stream".equals(method)) {
                request.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
                request.response().write("event: message\ndata: progress\n\n");
                releaseStream.thenRun(() -> vertx.runOnContext(v -> request.response()
                        .end("event: message\ndata: result\n\n")));
                return;
            }
            if ("test/die".equals(method)) {
                request.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
                request.response().write("event: message\ndata: progress\n\n");
                dieSoon(request);
                return;
            }
            if ("test/die-silently".equals(method)) {
                dieSoon(request);
                return;
            }
            if ("test/hang".equals(method)) {
                request.connection().closeHandler(v -> abandonedCalls.add(body.toString()));
                heldCalls.add(body.toString());
                return; // never answers: the gateway's idle timeout, or the caller hanging up, must end it.
            }
            JsonObject headers = new JsonObject();
            request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
            JsonObject answer = new JsonObject().put("instance", instance).put("session", session)
                    .put("received", body.toString()).put("headers", headers);
            if (session == null) {
                request.response().putHeader("Mcp-Session-Id", UUID.randomUUID().toString());
            }
            // What must stay on this hop: a hop-by-hop header, one the Connection header names, this side's id.
            request.response().putHeader("Content-Type", "application/json").putHeader("Keep-Alive", "timeout=60")
                    .putHeader("Connection", "keep-alive, X-Hop-Private").putHeader("X-Hop-Private", "1")
                    .putHeader("X-Request-Id", "from-" + instance).putHeader("X-End-To-End", "kept")
                    .end(answer.encode());
        });
    }

    /** The instance "dies" in the middle of the exchange: its connection closes without another byte. */
    private void dieSoon(HttpServerRequest request) {
        vertx.setTimer(200, t -> request.connection().close());
    }

    private static void echo(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            JsonObject headers = new JsonObject();
            request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
            JsonObject answer = new JsonObject().put("method", request.method().name()).put("path", request.path())
                    .put("query", request.query()).put("headers", headers).put("body", body.toString());
            request.response().putHeader("Content-Type", "application/json").end(answer.encode());
        });
    }

    /**
     * Sends a request for a stream of the fake mcp-proxy through the gateway: its first event must arrive while the
     * fake still holds the stream open, the second once the test releases it.
     */
    public static void assertEventsArriveAsSent(HttpRequest request, String first, String second) throws Exception {
        releaseStream = new CompletableFuture<>();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElse(null));
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertEquals("event: message", reader.readLine());
            assertEquals("data: " + first, reader.readLine());
            assertFalse(releaseStream.isDone());
            releaseStream.complete(null);
            assertEquals("", reader.readLine());
            assertEquals("event: message", reader.readLine());
            assertEquals("data: " + second, reader.readLine());
        }
    }

    private int listen(Handler<HttpServerRequest> handler) {
        HttpServer server = vertx.createHttpServer().requestHandler(handler);
        return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
                .orTimeout(10, TimeUnit.SECONDS).join().actualPort();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port", e);
        }
    }
}
