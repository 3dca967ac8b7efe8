package one.mcps.proxy.downstream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import one.mcps.platform.events.EventTypes;
import one.mcps.platform.events.Topics;
import one.mcps.proxy.support.McpUpstreams;
import one.mcps.proxy.support.StatelessMcp;
import one.mcps.proxy.support.TestClients;
import one.mcps.proxy.support.Upstreams;
import one.mcps.testing.KafkaProbe;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

/**
 * A connection that stays open lives no longer than the credential it was opened with: the session's GET stream, a
 * 2026-07-28 listen request and a legacy SSE stream end when a revocation naming their token, grant or API key
 * arrives (the client reconnects with a credential that still works, or is refused).
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = McpUpstreams.class, restrictToAnnotatedClass = false)
class StreamRevocationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
    private static final Duration OPEN = Duration.ofSeconds(1);
    private static final Duration ENDS_WITHIN = Duration.ofSeconds(10);

    @BeforeEach
    void upstreamsConnected() {
        Upstreams.awaitConnected();
    }

    @Test
    void aSessionsGetStreamEndsWhenItsTokenIsRevoked() throws Exception {
        String jti = UUID.randomUUID().toString();
        String token = TestTokens.token(UUID.randomUUID().toString(), "streaming-" + jti, jti, "operator");
        String session = given().auth().oauth2(token).contentType("application/json")
                .accept("application/json, text/event-stream").body(INIT).post("/mcp").then().statusCode(200)
                .extract().header("Mcp-Session-Id");
        CompletableFuture<Void> ended = open(HttpRequest.newBuilder(uri("/mcp")).GET()
                .header("Authorization", "Bearer " + token).header("Mcp-Session-Id", session)
                .header("Accept", "text/event-stream"));

        revoke("{\"kind\":\"token\",\"jti\":\"" + jti + "\",\"at\":\"" + Instant.now() + "\"}", jti);
        ended.get(ENDS_WITHIN.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aListenRequestEndsWhenItsGrantIsWithdrawn() throws Exception {
        String grant = UUID.randomUUID().toString();
        String token = TestTokens.oauth("listening-" + grant, grant, "http://localhost:8080/mcp", "mcp", "operator");
        String body = StatelessMcp.request(41, "subscriptions/listen", new JsonObject().put("notifications",
                new JsonObject().put("toolsListChanged", true)), StatelessMcp.ENVELOPE);
        CompletableFuture<Void> ended = open(HttpRequest.newBuilder(uri("/mcp"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", StatelessMcp.VERSION).header("Mcp-Method", "subscriptions/listen"));

        revoke("{\"kind\":\"grant\",\"grant_id\":\"" + grant + "\",\"at\":\"" + Instant.now() + "\"}", grant);
        ended.get(ENDS_WITHIN.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aLegacySseStreamEndsWhenItsApiKeyIsRevoked() throws Exception {
        String keyId = UUID.randomUUID().toString();
        String token = TestTokens.scoped("keyed-" + keyId, keyId, Set.of("everything"), "operator");
        CompletableFuture<Void> ended = open(HttpRequest.newBuilder(uri("/sse")).GET()
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream"));

        revoke("{\"kind\":\"api_key\",\"api_key_id\":\"" + keyId + "\",\"at\":\"" + Instant.now() + "\"}", keyId);
        ended.get(ENDS_WITHIN.toSeconds(), TimeUnit.SECONDS);
    }

    private static URI uri(String path) {
        return URI.create(TestClients.baseUrl() + path);
    }

    /**
     * Opens the stream, checks it answered 200 and stays open, and gives a future that completes when the server
     * ends it.
     */
    private static CompletableFuture<Void> open(HttpRequest.Builder request) throws Exception {
        HttpResponse<Stream<String>> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode(), equalTo(200));
        CompletableFuture<Void> ended = CompletableFuture.runAsync(() -> response.body().forEach(line -> {
        }));
        try {
            ended.get(OPEN.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("The stream ended before any revocation");
        } catch (TimeoutException stillOpen) {
            return ended;
        }
    }

    private static void revoke(String revocation, String key) {
        KafkaProbe.send(Topics.REVOCATIONS, key, EventTypes.REVOCATION, revocation);
    }
}
