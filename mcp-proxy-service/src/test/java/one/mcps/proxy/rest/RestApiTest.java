package one.mcps.proxy.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import one.mcps.proxy.support.McpUpstreams;
import one.mcps.proxy.support.Upstreams;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = McpUpstreams.class, restrictToAnnotatedClass = false)
class RestApiTest {

    @BeforeEach
    void upstreamsConnected() {
        Upstreams.awaitConnected();
    }

    @Test
    void unifiedCallReturnsTheCallToolResult() {
        given().auth().oauth2(TestTokens.forUser("uma-" + UUID.randomUUID(), "viewer")).contentType("application/json")
                .body("{\"server\":\"everything\",\"tool\":\"echo\",\"arguments\":{\"message\":\"via rest\"}}")
                .post("/api/v1/mcp/unified/call").then().statusCode(200)
                .body("content[0].text", containsString("via rest"));
    }

    @Test
    void aServiceTokenMayCallToolsForScheduledTasks() {
        given().auth().oauth2(TestTokens.service()).contentType("application/json")
                .body("{\"server\":\"everything\",\"tool\":\"get-sum\",\"arguments\":{\"a\":20,\"b\":22}}")
                .post("/api/v1/mcp/unified/call").then().statusCode(200)
                .body("content[0].text", containsString("42"));
    }

    @Test
    void unifiedCallOfARestrictedToolIsNotFoundForAViewer() {
        given().auth().oauth2(TestTokens.forUser("vic-" + UUID.randomUUID(), "viewer")).contentType("application/json")
                .body("{\"server\":\"restricted\",\"tool\":\"echo\",\"arguments\":{\"message\":\"x\"}}")
                .post("/api/v1/mcp/unified/call").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void unifiedCallWithoutServerListsTheBadField() {
        given().auth().oauth2(TestTokens.admin()).contentType("application/json").body("{\"tool\":\"echo\"}")
                .post("/api/v1/mcp/unified/call").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem(containsString("server")));
    }

    @Test
    void httpToolsListsWhatTheCallerMayCallAndHttpCallCallsIt() {
        given().auth().oauth2(TestTokens.forUser("hal-" + UUID.randomUUID(), "viewer")).get("/api/v1/mcp/http/tools")
                .then().statusCode(200)
                .body("name", hasItems("everything__echo", "legacy__get-sum"))
                .body("name", everyItem(not(startsWith("restricted__"))))
                .body("find { it.name == 'everything__echo' }.input_schema.properties.message", notNullValue());
        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body("{\"name\":\"legacy__get-sum\",\"arguments\":{\"a\":1,\"b\":2}}")
                .post("/api/v1/mcp/http/call").then().statusCode(200).body("content[0].text", containsString("3"));
    }

    @Test
    void agentToolsAreRankedByTheQuery() {
        given().auth().oauth2(TestTokens.admin()).queryParam("q", "sum numbers").get("/api/v1/mcp/agent/tools").then()
                .statusCode(200)
                .body("[0].tool.tool", equalTo("get-sum"))
                .body("[0].score", greaterThan(0));
    }

    @Test
    void agentPlanFeedsOneStepIntoTheNextAndStopsAtTheFirstError() {
        String plan = "{\"steps\":["
                + "{\"tool\":\"everything__get-sum\",\"arguments\":{\"a\":2,\"b\":3}},"
                + "{\"tool\":\"everything__echo\",\"arguments\":{\"message\":{\"$step\":0,\"$pointer\":\"/content/0/text\"}}},"
                + "{\"tool\":\"everything__no-such-tool\",\"arguments\":{}},"
                + "{\"tool\":\"everything__echo\",\"arguments\":{\"message\":\"never\"}}]}";
        given().auth().oauth2(TestTokens.admin()).contentType("application/json").body(plan)
                .post("/api/v1/mcp/agent/execute").then().statusCode(200)
                .body("success", equalTo(false))
                .body("steps.status", contains("ok", "ok", "error", "skipped"))
                .body("steps[1].result.content[0].text", containsString("5"));
    }

    @Test
    void agentReferencesResolveInsideObjectsAndListsAndContinueOnErrorRunsEveryStep() {
        String ref = "{\"$step\":0,\"$pointer\":\"/content/0/text\"}";
        String plan = "{\"continue_on_error\":true,\"steps\":["
                + "{\"tool\":\"everything__get-sum\",\"arguments\":{\"a\":2,\"b\":3}},"
                + "{\"tool\":\"everything__no-such-tool\",\"arguments\":{}},"
                + "{\"tool\":\"scripted__arguments\",\"arguments\":{\"outer\":{\"inner\":" + ref + "},\"list\":[" + ref
                + "]}}]}";
        given().auth().oauth2(TestTokens.admin()).contentType("application/json").body(plan)
                .post("/api/v1/mcp/agent/execute").then().statusCode(200)
                .body("success", equalTo(false))
                .body("steps.status", contains("ok", "error", "ok"))
                .body("steps[2].result.content[0].text", containsString("\"inner\":\"The sum of 2 and 3 is 5."))
                .body("steps[2].result.content[0].text", containsString("\"list\":[\"The sum of 2 and 3 is 5."));
    }

    @Test
    void aPlanReferringToALaterStepIsRefusedBeforeAnyStepRuns() {
        String plan = "{\"steps\":[{\"tool\":\"everything__get-sum\",\"arguments\":{\"a\":1,\"b\":1}},"
                + "{\"tool\":\"everything__echo\",\"arguments\":{\"message\":{\"$step\":1,\"$pointer\":\"/content\"}}}]}";
        given().auth().oauth2(TestTokens.admin()).contentType("application/json").body(plan)
                .post("/api/v1/mcp/agent/execute").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("steps[1].arguments.message"));
    }

    @Test
    void sessionMessagesArePagedAndLongBodiesCut() {
        String token = TestTokens.forUser("pam-" + UUID.randomUUID(), "operator");
        String id = given().auth().oauth2(token).post("/api/v1/sessions/auto").then().statusCode(201)
                .extract().path("id");
        String longMessage = "x".repeat(3000);
        for (String message : new String[] { "one", "two", longMessage }) {
            given().auth().oauth2(token).header("Mcp-Session-Id", id).contentType("application/json")
                    .accept("application/json, text/event-stream")
                    .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":"
                            + "\"everything__echo\",\"arguments\":{\"message\":\"" + message + "\"}}}")
                    .post("/mcp").then().statusCode(200);
        }
        given().auth().oauth2(token).queryParam("offset", 2).queryParam("limit", 2)
                .get("/api/v1/sessions/" + id + "/messages").then().statusCode(200)
                .body("total", equalTo(6)).body("offset", equalTo(2)).body("limit", equalTo(2))
                .body("items.seq", contains(3, 4))
                .body("items.direction", contains("in", "out"))
                .body("items[0].body", containsString("two"))
                .body("items.truncated", contains(false, false));
        given().auth().oauth2(token).queryParam("offset", 4).get("/api/v1/sessions/" + id + "/messages").then()
                .statusCode(200)
                .body("items.truncated", contains(true, true))
                .body("items[0].body.length()", equalTo(2000));
    }

    @Test
    void stoppedProxyAnswers503UntilStartedAndOnlyAdminsMaySwitchIt() {
        given().auth().oauth2(TestTokens.forUser("op-" + UUID.randomUUID(), "operator"))
                .post("/api/v1/mcp/proxy/stop").then().statusCode(403);
        try {
            given().auth().oauth2(TestTokens.admin()).post("/api/v1/mcp/proxy/stop").then().statusCode(200)
                    .body("running", equalTo(false));
            given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                    .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").post("/mcp").then().statusCode(503)
                    .contentType("application/problem+json");
        } finally {
            given().auth().oauth2(TestTokens.admin()).post("/api/v1/mcp/proxy/start").then().statusCode(200)
                    .body("running", equalTo(true));
        }
        given().auth().oauth2(TestTokens.forUser("viv-" + UUID.randomUUID(), "viewer")).get("/api/v1/mcp/proxy/status")
                .then().statusCode(200)
                .body("upstreams.find { it.name == 'everything' }.state", equalTo("ready"))
                .body("upstreams.find { it.name == 'everything' }.tools", greaterThan(0));
    }

    @Test
    void sessionsCanBeCreatedUsedListedRenamedReadAndDeleted() {
        String token = TestTokens.forUser("sam-" + UUID.randomUUID(), "operator");
        String id = given().auth().oauth2(token).post("/api/v1/sessions/auto").then().statusCode(201)
                .body("endpoint", equalTo("/mcp")).extract().path("id");
        given().auth().oauth2(token).header("Mcp-Session-Id", id).contentType("application/json")
                .accept("application/json, text/event-stream")
                .body("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"everything__echo\","
                        + "\"arguments\":{\"message\":\"logged\"}}}")
                .post("/mcp").then().statusCode(200).body("result.content[0].text", containsString("logged"));

        given().auth().oauth2(token).get("/api/v1/sessions").then().statusCode(200).body("id", hasItem(id));
        given().auth().oauth2(token).contentType("application/json").body("{\"name\":\"my desk\"}")
                .put("/api/v1/sessions/" + id).then().statusCode(200).body("name", equalTo("my desk"));
        given().auth().oauth2(token).queryParam("limit", 10).get("/api/v1/sessions/" + id + "/messages").then()
                .statusCode(200)
                .body("items.direction", contains("in", "out"))
                .body("items[0].method", equalTo("tools/call"))
                .body("items[1].body", containsString("logged"));
        given().auth().oauth2(TestTokens.forUser("other-" + UUID.randomUUID(), "viewer"))
                .get("/api/v1/sessions/" + id).then().statusCode(404);

        given().auth().oauth2(token).delete("/api/v1/sessions/" + id).then().statusCode(204);
        given().auth().oauth2(token).get("/api/v1/sessions/" + id).then().statusCode(200)
                .body("state", equalTo("closed")).body("live", equalTo(false));
    }
}
