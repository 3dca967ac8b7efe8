package one.mcps.proxy.sessions;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import one.mcps.proxy.support.McpUpstreams;
import one.mcps.proxy.support.RawMcp;
import one.mcps.proxy.support.TestClients;
import one.mcps.proxy.support.Upstreams;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

/**
 * An idle session expires after the configured time: the client gets the spec's 404, the sessions API says why, and
 * the upstream session a per_session tool opened for it is ended upstream.
 */
@QuarkusTest
@TestProfile(SessionExpiryTest.ShortIdleTimeout.class)
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = McpUpstreams.class, restrictToAnnotatedClass = false)
class SessionExpiryTest {

    public static class ShortIdleTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mcps.mcp.sessions.idle-timeout", "2s", "mcps.mcp.sessions.flush-interval", "500ms");
        }
    }

    @Test
    void anIdleSessionExpiresAndItsClientIsToldToInitializeAgain() {
        String token = TestTokens.forUser("idle-" + UUID.randomUUID(), "operator");
        Upstreams.awaitConnected();
        RawMcp client = RawMcp.initialize(token, "/mcp", "{}");
        String upstream = client.text("isolated__whoami", "{}");

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> given()
                .auth().oauth2(token).get("/api/v1/sessions/" + client.session()).jsonPath().getString("state")
                .equals(McpSession.EXPIRED));
        client.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}").then().statusCode(404);
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> TestClients.scriptedLog().getList("deleted").contains(upstream));
    }
}
