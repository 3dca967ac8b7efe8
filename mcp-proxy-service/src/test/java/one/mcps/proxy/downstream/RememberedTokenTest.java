package one.mcps.proxy.downstream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import one.mcps.platform.events.EventTypes;
import one.mcps.platform.events.Topics;
import one.mcps.proxy.support.McpUpstreams;
import one.mcps.testing.KafkaProbe;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

/** The MCP routes remember a verified JWT; remembering must not outlive its revocation. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = McpUpstreams.class, restrictToAnnotatedClass = false)
class RememberedTokenTest {

    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}";

    @Test
    void aTokenUsedBeforeIsRefusedOnceRevoked() {
        String jti = UUID.randomUUID().toString();
        String token = TestTokens.token(UUID.randomUUID().toString(), "remembered-" + jti, jti, "operator");
        String session = mcp(token).body(INIT).post("/mcp").then().statusCode(200).extract()
                .header("Mcp-Session-Id");
        mcp(token).header("Mcp-Session-Id", session).body(PING).post("/mcp").then().statusCode(200)
                .body("id", equalTo(2));

        KafkaProbe.send(Topics.REVOCATIONS, jti, EventTypes.REVOCATION, "{\"kind\":\"token\",\"jti\":\"" + jti
                + "\",\"expires_at\":\"" + Instant.now().plus(Duration.ofMinutes(30)) + "\",\"at\":\"" + Instant.now()
                + "\"}");

        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(
                () -> mcp(token).header("Mcp-Session-Id", session).body(PING).post("/mcp").then().statusCode(401));
    }

    @Test
    void aUserRevokedAfterTheTokenWasIssuedIsRefusedToo() {
        String userId = UUID.randomUUID().toString();
        String token = TestTokens.token(userId, "disabled-" + userId, UUID.randomUUID().toString(), "operator");
        String session = mcp(token).body(INIT).post("/mcp").then().statusCode(200).extract()
                .header("Mcp-Session-Id");

        KafkaProbe.send(Topics.REVOCATIONS, userId, EventTypes.REVOCATION, "{\"kind\":\"user\",\"user_id\":\""
                + userId + "\",\"issued_before\":\"" + Instant.now().plusSeconds(5) + "\",\"at\":\"" + Instant.now()
                + "\"}");

        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(
                () -> mcp(token).header("Mcp-Session-Id", session).body(PING).post("/mcp").then().statusCode(401));
    }

    @Test
    void aRememberedTokenOfARevokedApiKeyOrGrantIsRefused() {
        String keyId = UUID.randomUUID().toString();
        String delegated = TestTokens.scoped("kim-" + keyId, keyId, java.util.Set.of("everything"), "operator");
        String grant = UUID.randomUUID().toString();
        String oauth = TestTokens.oauth("olga-" + grant, grant, "http://localhost:8080/mcp", "mcp", "operator");
        mcp(delegated).body(INIT).post("/mcp").then().statusCode(200);
        mcp(oauth).body(INIT).post("/mcp").then().statusCode(200);

        KafkaProbe.send(Topics.REVOCATIONS, keyId, EventTypes.REVOCATION, "{\"kind\":\"api_key\",\"api_key_id\":\""
                + keyId + "\",\"at\":\"" + Instant.now() + "\"}");
        KafkaProbe.send(Topics.REVOCATIONS, grant, EventTypes.REVOCATION, "{\"kind\":\"grant\",\"grant_id\":\""
                + grant + "\",\"at\":\"" + Instant.now() + "\"}");

        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            mcp(delegated).body(INIT).post("/mcp").then().statusCode(401);
            mcp(oauth).body(INIT).post("/mcp").then().statusCode(401);
        });
    }

    @Test
    void anOAuthTokenIsRefusedByAnotherResourceAndAnAbsentOnePointsToTheMetadata() {
        String forDocs = TestTokens.oauth("olga", UUID.randomUUID().toString(),
                "http://localhost:8080/servers/docs/mcp", "mcp:docs", "operator");
        mcp(forDocs).body(INIT).post("/mcp").then().statusCode(401)
                .header("WWW-Authenticate", org.hamcrest.Matchers.containsString("error=\"invalid_token\""));
        given().contentType("application/json").body(INIT).post("/servers/docs/mcp").then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer resource_metadata=\"http://localhost:8080/.well-known/"
                        + "oauth-protected-resource/servers/docs/mcp\", scope=\"mcp:docs\""));
    }

    private static RequestSpecification mcp(String token) {
        return given().auth().oauth2(token).contentType("application/json")
                .accept("application/json, text/event-stream");
    }
}
