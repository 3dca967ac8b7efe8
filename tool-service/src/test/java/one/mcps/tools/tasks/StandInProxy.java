package one.mcps.tools.tasks;

import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Stands in for mcp-proxy's {@code POST /api/v1/mcp/unified/call} and identity's token endpoint (mcp-proxy does
 * not run in this module's tests; the e2e suite covers the real path). Tool {@code echo} answers like
 * server-everything's echo, tool {@code hang} never answers. {@code GET /recorded} lists every call received
 * (authorization, body, and whether the caller closed the connection before an answer).
 */
public class StandInProxy implements QuarkusTestResourceLifecycleManager {

    static final String TOKEN = "stand-in-service-token";

    private final JsonArray recorded = new JsonArray(new CopyOnWriteArrayList<>());
    private Vertx vertx;
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        try {
            server = vertx.createHttpServer().requestHandler(request -> {
                switch (request.path()) {
                    case "/api/v1/auth/token" -> request.response().putHeader("Content-Type", "application/json")
                            .end(new JsonObject().put("access_token", TOKEN).put("expires_in", 300).encode());
                    case "/recorded" -> request.response().putHeader("Content-Type", "application/json")
                            .end(recorded.encode());
                    case "/api/v1/mcp/unified/call" -> request.body().onSuccess(body -> {
                        JsonObject call = new JsonObject().put("authorization", request.getHeader("Authorization"))
                                .put("body", body.toJsonObject()).put("closed_early", false);
                        recorded.add(call);
                        if ("hang".equals(call.getJsonObject("body").getString("tool"))) {
                            request.connection().closeHandler(closed -> call.put("closed_early", true));
                            return;
                        }
                        String text = "Echo: " + call.getJsonObject("body").getJsonObject("arguments", new JsonObject())
                                .getString("message");
                        request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                                .put("content", new JsonArray().add(new JsonObject().put("type", "text").put("text", text)))
                                .put("isError", false).encode());
                    });
                    default -> request.response().setStatusCode(404).end();
                }
            }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("stand-in proxy did not start", e);
        }
        String url = "http://127.0.0.1:" + server.actualPort();
        return Map.of("mcps.proxy.url", url, "mcps.identity.url", url, "test.stand-in.url", url);
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
