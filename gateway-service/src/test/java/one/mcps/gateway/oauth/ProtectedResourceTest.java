package one.mcps.gateway.oauth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import one.mcps.gateway.FakeUpstreams;
import one.mcps.platform.events.EventTypes;
import one.mcps.platform.events.Topics;
import one.mcps.testing.KafkaProbe;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

/** The MCP endpoints as OAuth protected resources, as an MCP client discovers and meets them at the gateway. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = FakeUpstreams.class, restrictToAnnotatedClass = false)
class ProtectedResourceTest {

    private static final String BASE = "http://localhost:8080";
    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

    private static io.restassured.specification.RequestSpecification mcp(String token) {
        return given().auth().oauth2(token).contentType("application/json").body(PING);
    }

    @Test
    void anUnauthenticatedMcpRequestIsPointedToTheResourceMetadata() {
        given().post("/mcp").then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer resource_metadata=\"" + BASE
                        + "/.well-known/oauth-protected-resource/mcp\", scope=\"mcp\""));
        given().post("/servers/docs/mcp").then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer resource_metadata=\"" + BASE
                        + "/.well-known/oauth-protected-resource/servers/docs/mcp\", scope=\"mcp:docs\""));
        given().auth().oauth2("not-a-jwt").post("/mcp").then().statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""));
        // The REST API keeps its plain challenge.
        given().get("/api/v1/tools").then().statusCode(401).header("WWW-Authenticate", equalTo("Bearer"));
    }

    @Test
    void theMetadataNamesTheResourceAndItsAuthorizationServer() {
        given().get("/.well-known/oauth-protected-resource/mcp").then().statusCode(200)
                .body("resource", equalTo(BASE + "/mcp"))
                .body("authorization_servers[0]", equalTo(BASE))
                .body("scopes_supported[0]", equalTo("mcp"))
                .body("bearer_methods_supported[0]", equalTo("header"));
        given().get("/.well-known/oauth-protected-resource/servers/docs/mcp").then().statusCode(200)
                .body("resource", equalTo(BASE + "/servers/docs/mcp"))
                .body("scopes_supported[0]", equalTo("mcp:docs"));
        given().get("/.well-known/oauth-protected-resource").then().statusCode(200)
                .body("resource", equalTo(BASE + "/mcp"));
        given().get("/.well-known/oauth-protected-resource/api/v1/tools").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void anOAuthTokenIsAcceptedOnlyByTheResourceItWasIssuedFor() {
        String forDocs = TestTokens.oauth("olga", UUID.randomUUID().toString(), BASE + "/servers/docs/mcp",
                "mcp:docs", "operator");
        mcp(forDocs).post("/servers/docs/mcp").then().statusCode(200);
        mcp(forDocs).post("/servers/files/mcp").then().statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
                .body("detail", equalTo("The access token was issued for another resource than " + BASE
                        + "/servers/files/mcp."));
        mcp(forDocs).post("/mcp").then().statusCode(401);

        String everything = TestTokens.oauth("olga", UUID.randomUUID().toString(), BASE + "/mcp", "mcp", "operator");
        mcp(everything).post("/mcp").then().statusCode(200);
    }

    @Test
    void aTokenWithoutTheServersScopeIsAskedToStepUp() {
        String narrow = TestTokens.oauth("olga", UUID.randomUUID().toString(), BASE + "/servers/files/mcp",
                "mcp:docs", "operator");
        mcp(narrow).post("/servers/files/mcp").then().statusCode(403)
                .header("WWW-Authenticate", containsString("error=\"insufficient_scope\""))
                .header("WWW-Authenticate", containsString("scope=\"mcp:files\""));
    }

    @Test
    void anMcpClientInABrowserMayCallTheOAuthEndpointsFromAnyOrigin() {
        String origin = "https://inspector.example";
        given().header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type").options("/oauth/token").then()
                .statusCode(204).header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Methods", containsString("POST"));
        given().header("Origin", origin).get("/.well-known/oauth-protected-resource/mcp").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Credentials", org.hamcrest.Matchers.nullValue());
        given().header("Origin", origin).contentType("application/x-www-form-urlencoded").body("grant_type=x")
                .post("/oauth/token").then().header("Access-Control-Allow-Origin", "*");
        // The sign-in form and the rest of the API keep the list of allowed origins.
        given().header("Origin", origin).contentType("application/x-www-form-urlencoded").body("a=b")
                .post("/oauth/login").then().statusCode(403);
        given().header("Origin", origin).get("/api/v1/system/health").then().statusCode(403);
    }

    @Test
    void aTokenOfARevokedGrantIsRefused() {
        String grant = UUID.randomUUID().toString();
        String token = TestTokens.oauth("olga", grant, BASE + "/mcp", "mcp", "operator");
        mcp(token).post("/mcp").then().statusCode(200);

        String revocation = "{\"kind\":\"grant\",\"grant_id\":\"" + grant + "\",\"expires_at\":\""
                + Instant.now().plus(Duration.ofMinutes(30)) + "\",\"at\":\"" + Instant.now() + "\"}";
        KafkaProbe.send(Topics.REVOCATIONS, grant, EventTypes.REVOCATION, revocation);
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> mcp(token).post("/mcp").then().statusCode(401)
                        .body("detail", equalTo("The bearer token was revoked.")));
    }
}
