package one.mcps.gateway.affinity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import one.mcps.gateway.FakeUpstreams;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

/** Two mcp-proxy-service instances behind the gateway: each session stays on the instance that created it. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = FakeUpstreams.class, restrictToAnnotatedClass = false)
class SessionAffinityTest {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{}}";
    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

    @Test
    void everySessionStaysOnTheInstanceThatCreatedIt() {
        String token = TestTokens.forUser("affinity-" + UUID.randomUUID(), "admin");
        Map<String, String> creator = new HashMap<>();
        for (int i = 0; i < 6; i++) {
            Response created = given().auth().oauth2(token).contentType("application/json").body(INITIALIZE)
                    .post("/mcp");
            created.then().statusCode(200);
            creator.put(created.header("Mcp-Session-Id"), created.jsonPath().getString("instance"));
        }
        assertEquals(Set.of("proxy-a", "proxy-b"), new HashSet<>(creator.values()),
                "new sessions are spread over both instances");

        for (int round = 0; round < 3; round++) {
            creator.forEach((session, instance) -> given().auth().oauth2(token).header("Mcp-Session-Id", session)
                    .contentType("application/json").body(LIST).post("/mcp").then()
                    .statusCode(200)
                    .body("session", equalTo(session))
                    .body("instance", equalTo(instance)));
            creator.forEach((session, instance) -> given().auth().oauth2(token)
                    .contentType("application/json").body(LIST)
                    .post("/messages?sessionId=" + session).then().statusCode(200)
                    .body("instance", equalTo(instance)));
        }
    }
}
