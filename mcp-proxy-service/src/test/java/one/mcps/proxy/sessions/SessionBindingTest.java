package one.mcps.proxy.sessions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import one.mcps.proxy.support.McpUpstreams;
import one.mcps.proxy.support.RawMcp;
import one.mcps.proxy.support.RawSse;
import one.mcps.proxy.support.TestClients;
import one.mcps.proxy.support.Upstreams;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

/**
 * Issue 15, item 1: a session belongs to the credential that opened it. An admin's API key scoped to one server
 * must not list its owner's sessions, nor call other servers' tools inside a session the owner opened with a JWT;
 * another key of the same user, or the JWT on a key's session, fares the same. Every door answers as for an
 * unknown session id.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = McpUpstreams.class, restrictToAnnotatedClass = false)
class SessionBindingTest {

    private static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}";
    private static final String CALL_SCRIPTED = "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"scripted__whoami\",\"arguments\":{}}}";

    private String username;
    private String jwt;
    private String scopedKey;

    @BeforeEach
    void anAdminWithAKeyScopedToEverything() {
        Upstreams.awaitConnected();
        username = "owner-" + UUID.randomUUID();
        jwt = TestTokens.forUser(username, "admin");
        scopedKey = TestClients.apiKey(username, "k" + UUID.randomUUID().toString().substring(0, 8),
                Set.of("everything"), "admin");
    }

    @Test
    void aScopedKeyCannotUseASessionItsOwnerOpenedWithAJwt() {
        RawMcp owner = RawMcp.initialize(jwt, "/mcp", "{}");
        RawMcp intruder = owner.as(scopedKey);

        intruder.send(CALL_SCRIPTED).then().statusCode(404).body("error.code", equalTo(-32001));
        intruder.send(TOOLS_LIST).then().statusCode(404);
        intruder.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").then().statusCode(404);
        given().auth().oauth2(scopedKey).header("Mcp-Session-Id", owner.session()).accept("text/event-stream")
                .get("/mcp").then().statusCode(404);
        given().auth().oauth2(scopedKey).header("Mcp-Session-Id", owner.session()).delete("/mcp").then()
                .statusCode(404);

        // The owner's session is untouched, and the key works in a session of its own, limited to its server.
        assertThat(owner.text("scripted__whoami", "{}"), not(containsString("Unknown tool")));
        RawMcp own = RawMcp.initialize(scopedKey, "/mcp", "{}");
        own.send(TOOLS_LIST).then().statusCode(200)
                .body("result.tools.name", everyItem(startsWith("everything__")))
                .body("result.tools.name", hasItem("everything__echo"));
        own.send(CALL_SCRIPTED).then().statusCode(200).body("error.message", containsString("Unknown tool"));
    }

    @Test
    void anotherKeyOfTheSameUserAndTheJwtOnAKeysSessionAreStrangersToo() {
        String otherKey = TestClients.apiKey(username, "k" + UUID.randomUUID().toString().substring(0, 8), null,
                "admin");
        RawMcp jwtSession = RawMcp.initialize(jwt, "/mcp", "{}");
        jwtSession.as(otherKey).send(TOOLS_LIST).then().statusCode(404);

        RawMcp keySession = RawMcp.initialize(otherKey, "/mcp", "{}");
        keySession.as(jwt).send(TOOLS_LIST).then().statusCode(404);
        keySession.as(scopedKey).send(TOOLS_LIST).then().statusCode(404);
        keySession.send(TOOLS_LIST).then().statusCode(200);
    }

    @Test
    void aSingleServerSessionIsBoundToo() {
        RawMcp owner = RawMcp.initialize(jwt, "/servers/everything/mcp", "{}");
        owner.as(scopedKey).send(TOOLS_LIST).then().statusCode(404);
        owner.send(TOOLS_LIST).then().statusCode(200);
    }

    @Test
    void theLegacyTransportsMessagesAreBoundToTheStreamsCredential() {
        try (RawSse stream = RawSse.open(jwt, "/sse")) {
            stream.post(scopedKey, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                    + "\"protocolVersion\":\"2024-11-05\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\","
                    + "\"version\":\"1\"}}}").then().statusCode(404);
            stream.post(scopedKey, CALL_SCRIPTED).then().statusCode(404);
            stream.post(jwt, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}").then().statusCode(202);
            assertThat(stream.response(2).containsKey("result"), equalTo(true));
        }
    }

    @Test
    void theSessionsApiShowsAScopedKeyOnlyItsOwnSessions() {
        RawMcp jwtSession = RawMcp.initialize(jwt, "/mcp", "{}");
        RawMcp keySession = RawMcp.initialize(scopedKey, "/mcp", "{}");

        given().auth().oauth2(scopedKey).get("/api/v1/sessions").then().statusCode(200)
                .body("id", hasItem(keySession.session()))
                .body("id", not(hasItem(jwtSession.session())));
        String other = "/api/v1/sessions/" + jwtSession.session();
        given().auth().oauth2(scopedKey).get(other).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(scopedKey).get(other + "/messages").then().statusCode(404);
        given().auth().oauth2(scopedKey).contentType("application/json").body("{\"name\":\"mine now\"}").put(other)
                .then().statusCode(404);
        given().auth().oauth2(scopedKey).delete(other).then().statusCode(404);
        given().auth().oauth2(scopedKey).get("/api/v1/sessions/" + keySession.session() + "/messages").then()
                .statusCode(200);

        // The owner's JWT (an unscoped admin) still sees every session, the key's included.
        given().auth().oauth2(jwt).get(other).then().statusCode(200);
        given().auth().oauth2(jwt).get("/api/v1/sessions?size=500").then().statusCode(200)
                .body("id", hasItem(keySession.session()));
        jwtSession.send(TOOLS_LIST).then().statusCode(200);
    }

    @Test
    void aViewersJwtSeesOnlyTheSessionsOfThatCredential() {
        String viewer = "vic-" + UUID.randomUUID();
        String viewerJwt = TestTokens.forUser(viewer, "viewer");
        String viewerKey = TestClients.apiKey(viewer, "k" + UUID.randomUUID().toString().substring(0, 8), null,
                "viewer");
        RawMcp jwtSession = RawMcp.initialize(viewerJwt, "/mcp", "{}");
        RawMcp keySession = RawMcp.initialize(viewerKey, "/mcp", "{}");

        given().auth().oauth2(viewerJwt).get("/api/v1/sessions").then().statusCode(200)
                .body("id", hasItem(jwtSession.session())).body("id", not(hasItem(keySession.session())));
        given().auth().oauth2(viewerJwt).get("/api/v1/sessions/" + keySession.session()).then().statusCode(404);
        given().auth().oauth2(viewerKey).get("/api/v1/sessions/" + keySession.session()).then().statusCode(200);
    }

    @Test
    void aScopedKeyUsesTheMcpRestApiForItsServersOnly() {
        given().auth().oauth2(scopedKey).contentType("application/json")
                .body("{\"server\":\"everything\",\"tool\":\"echo\",\"arguments\":{\"message\":\"scoped\"}}")
                .post("/api/v1/mcp/unified/call").then().statusCode(200)
                .body("content[0].text", containsString("scoped"));
        given().auth().oauth2(scopedKey).contentType("application/json")
                .body("{\"server\":\"scripted\",\"tool\":\"whoami\",\"arguments\":{}}")
                .post("/api/v1/mcp/unified/call").then().statusCode(404).contentType("application/problem+json");

        given().auth().oauth2(scopedKey).get("/api/v1/mcp/http/tools").then().statusCode(200)
                .body("server", everyItem(equalTo("everything"))).body("name", hasItem("everything__echo"));
        given().auth().oauth2(scopedKey).contentType("application/json")
                .body("{\"name\":\"scripted__whoami\",\"arguments\":{}}")
                .post("/api/v1/mcp/http/call").then().statusCode(404);
        given().auth().oauth2(scopedKey).contentType("application/json")
                .body("{\"name\":\"everything__echo\",\"arguments\":{\"message\":\"http\"}}")
                .post("/api/v1/mcp/http/call").then().statusCode(200);

        given().auth().oauth2(scopedKey).queryParam("q", "whoami echo").get("/api/v1/mcp/agent/tools").then()
                .statusCode(200).body("tool.server", everyItem(equalTo("everything")));
        given().auth().oauth2(scopedKey).contentType("application/json")
                .body("{\"steps\":[{\"tool\":\"everything__echo\",\"arguments\":{\"message\":\"a\"}},"
                        + "{\"tool\":\"scripted__whoami\",\"arguments\":{}}]}")
                .post("/api/v1/mcp/agent/execute").then().statusCode(200)
                .body("success", equalTo(false))
                .body("steps[0].status", equalTo("ok")).body("steps[1].status", equalTo("error"));

        given().auth().oauth2(scopedKey).contentType("application/json").body("{\"server\":\"scripted\"}")
                .post("/api/v1/sessions").then().statusCode(404);
        given().auth().oauth2(scopedKey).contentType("application/json").body("{\"server\":\"everything\"}")
                .post("/api/v1/sessions").then().statusCode(201);

        // The proxy's own controls are not part of the MCP surface: closed to a scoped key whatever its owner is.
        given().auth().oauth2(scopedKey).get("/api/v1/mcp/proxy/status").then().statusCode(403);
        given().auth().oauth2(scopedKey).post("/api/v1/mcp/proxy/stop").then().statusCode(403);
        given().auth().oauth2(jwt).get("/api/v1/mcp/proxy/status").then().statusCode(200)
                .body("running", equalTo(true));
    }

    @Test
    void aServiceTokenStillCallsAnyTool() {
        given().auth().oauth2(TestTokens.service()).contentType("application/json")
                .body("{\"server\":\"restricted\",\"tool\":\"echo\",\"arguments\":{\"message\":\"as a service\"}}")
                .post("/api/v1/mcp/unified/call").then().statusCode(200)
                .body("content[0].text", containsString("as a service"));
    }
}
