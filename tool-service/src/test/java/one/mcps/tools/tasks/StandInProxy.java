package one.mcps.tools.tasks;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Stands in for mcp-proxy's {@code POST /api/v1/mcp/unified/call} and identity's token, API-key and on-behalf
 * endpoints (neither service runs in this module's tests; the e2e suite covers the real path). Tool {@code echo}
 * answers like server-everything's echo, tool {@code hang} never answers. {@code GET /recorded} lists every call
 * received (authorization, body, and whether the caller closed the connection before an answer);
 * {@code GET /recorded-on-behalf} every on-behalf token request (authorization, body).
 *
 * <p>On behalf of a user it issues {@code on-behalf:<user id>[:<api key id>]}, and refuses (403 problem, as
 * identity-service does for a disabled user) the user {@link #DISABLED_USER}. API keys it knows: {@link #ADMIN_KEY},
 * {@link #SCOPED_ADMIN_KEY} (the admin's, limited to server {@code only-this}) and {@link #OPERATOR_KEY}.
 */
public class StandInProxy implements QuarkusTestResourceLifecycleManager {

    public static final String TOKEN = "stand-in-service-token";
    public static final String DISABLED_USER = "dora";
    public static final String ADMIN_KEY = "mcps_adminkey_secret";
    public static final String SCOPED_ADMIN_KEY = "mcps_scopedkey_secret";
    public static final String OPERATOR_KEY = "mcps_opkey_secret";

    private static final Map<String, JsonObject> KEYS = Map.of(
            ADMIN_KEY, owner("admin", "adminkey", null, "admin"),
            SCOPED_ADMIN_KEY, owner("admin", "scopedkey", new JsonArray().add("only-this"), "admin"),
            OPERATOR_KEY, owner("olga", "opkey", null, "operator"));

    private final JsonArray onBehalf = new JsonArray(new CopyOnWriteArrayList<>());

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
                    case "/recorded-on-behalf" -> request.response().putHeader("Content-Type", "application/json")
                            .end(onBehalf.encode());
                    case "/internal/api-keys/verify" -> request.body().onSuccess(body -> {
                        JsonObject owner = KEYS.get(body.toJsonObject().getString("key"));
                        if (owner == null) {
                            request.response().setStatusCode(404).end();
                        } else {
                            request.response().putHeader("Content-Type", "application/json").end(owner.encode());
                        }
                    });
                    case "/internal/tokens/on-behalf" -> request.body().onSuccess(body -> {
                        JsonObject asked = body.toJsonObject();
                        onBehalf.add(new JsonObject().put("authorization", request.getHeader("Authorization"))
                                .put("body", asked));
                        String user = asked.getString("user_id");
                        if (userId(DISABLED_USER).equals(user)) {
                            request.response().setStatusCode(403).putHeader("Content-Type", "application/problem+json")
                                    .end(new JsonObject().put("type", "https://mcps.one/problems/forbidden")
                                            .put("title", "Forbidden").put("status", 403)
                                            .put("detail", "User " + user + " is disabled.").encode());
                            return;
                        }
                        String key = asked.getString("api_key_id");
                        request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                                .put("access_token", "on-behalf:" + user + (key == null ? "" : ":" + key))
                                .put("expires_in", 60).encode());
                    });
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

    /** The user id TestTokens gives {@code username}. */
    public static String userId(String username) {
        return UUID.nameUUIDFromBytes(username.getBytes()).toString();
    }

    private static JsonObject owner(String username, String keyId, JsonArray servers, String... roles) {
        return new JsonObject().put("user_id", userId(username)).put("username", username)
                .put("roles", new JsonArray(java.util.List.of(roles))).put("api_key_id", keyId).put("servers", servers)
                .put("expires_at", null);
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
