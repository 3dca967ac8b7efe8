package one.mcps.proxy.downstream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.StringJoiner;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import one.mcps.proxy.support.McpUpstreams;
import one.mcps.proxy.support.RawMcp;
import one.mcps.proxy.support.RawSse;
import one.mcps.proxy.support.Upstreams;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

/**
 * Issue 15, item 14: the proxy reads a client's JSON strictly (RFC 8259), as the gateway that counts the calls in
 * front of it does. A batch of 130 calls behind a comment was answered 130 times; now it is a parse error and none
 * of its calls runs. The same for the other leniencies and for the REST API's bodies.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = McpUpstreams.class, restrictToAnnotatedClass = false)
class StrictJsonTest {

    private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

    private String token;

    @BeforeEach
    void aUser() {
        Upstreams.awaitConnected();
        token = TestTokens.forUser("strict-" + UUID.randomUUID(), "operator");
    }

    @Test
    void aBatchBehindACommentIsRefusedAndNoneOfItsCallsRuns() {
        // isolated is per_session: this client session's upstream state is its own to look at.
        RawMcp client = RawMcp.initialize(token, "/mcp", "{}");
        StringJoiner batch = new StringJoiner(",", "/*x*/[", "]");
        for (int id = 1; id <= 130; id++) {
            batch.add("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":"
                    + "\"isolated__remember\",\"arguments\":{\"value\":\"behind a comment\"}}}");
        }
        client.send(batch.toString()).then().statusCode(400).body("error.code", equalTo(-32700));

        assertThat(client.text("isolated__recall", "{}"), equalTo("nothing"));
    }

    @Test
    void everyLeniencyIsAParseErrorAndTheSessionSurvives() {
        RawMcp client = RawMcp.initialize(token, "/mcp", "{}");
        String[] bodies = {
            "// a comment\n" + PING,
            "# a comment\n" + PING,
            PING + "/* after */",
            "{'jsonrpc':'2.0','id':1,'method':'ping'}",
            "{jsonrpc:\"2.0\",id:1,method:\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",}",
            "[" + PING + ",]",
            "x" + PING,
            PING + " x",
            PING + PING,
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"method\":\"tools/list\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"isolated__remember\","
                    + "\"name\":\"isolated__recall\",\"arguments\":{}}}",
            "{\"jsonrpc\":\"2.0\",\"id\":01,\"method\":\"ping\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":NaN,\"method\":\"ping\"}",
        };
        for (String body : bodies) {
            client.send(body).then().statusCode(400).body("error.code", equalTo(-32700));
        }
        client.send(PING).then().statusCode(200).body("id", equalTo(1));
    }

    @Test
    void theLegacyTransportReadsStrictlyToo() {
        try (RawSse stream = RawSse.open(token, "/sse")) {
            stream.post(token, "/*x*/" + PING).then().statusCode(400).body("error.code", equalTo(-32700));
            stream.post(token, PING).then().statusCode(202);
            stream.response(1);
        }
    }

    @Test
    void restBodiesAreReadStrictly() {
        String call = "{\"server\":\"everything\",\"tool\":\"echo\",\"arguments\":{\"message\":\"m\"}}";
        String[] bodies = {
            "/*x*/" + call,
            call + " " + call,
            "{\"server\":\"everything\",\"server\":\"scripted\",\"tool\":\"echo\",\"arguments\":{}}",
            "{'server':'everything','tool':'echo'}",
            "{\"server\":\"everything\",\"tool\":\"echo\",}",
        };
        for (String body : bodies) {
            given().auth().oauth2(token).contentType("application/json").body(body)
                    .post("/api/v1/mcp/unified/call").then().statusCode(400)
                    .contentType("application/problem+json");
        }
        given().auth().oauth2(token).contentType("application/json").body(call)
                .post("/api/v1/mcp/unified/call").then().statusCode(200);
        given().auth().oauth2(token).contentType("application/json").body("{\"server\":[\"everything\"]}")
                .post("/api/v1/mcp/unified/call").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(token).contentType("application/json").body("{\"steps\":[],\"steps\":[]} //")
                .post("/api/v1/mcp/agent/execute").then().statusCode(400).contentType("application/problem+json");
    }
}
