package one.mcps.proxy.sessions;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import one.mcps.proxy.support.McpUpstreams;
import one.mcps.proxy.support.RawMcp;
import one.mcps.proxy.support.TestClients;
import one.mcps.proxy.support.Upstreams;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

/**
 * (issue 17) A session outlives the instance that held it: its row is there before the client sees the initialize
 * answer, and a request naming it on an instance that does not hold it (here: after this instance let it go from
 * memory, as a dead instance's sessions are gone from its memory) is answered with the same session, catalog and
 * upstream session, under the same credential rules.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = McpUpstreams.class, restrictToAnnotatedClass = false)
class DurableSessionTest {

    private static final String TOOLS_LIST = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\"}";

    @Inject
    SessionRegistry registry;
    @Inject
    Pool pool;

    @BeforeEach
    void upstreamsConnected() {
        Upstreams.awaitConnected();
    }

    @Test
    void theSessionRowExistsBeforeTheClientSeesTheInitializeAnswer() {
        String token = TestTokens.forUser("durable-" + UUID.randomUUID(), "operator");
        Response answer = given().auth().oauth2(token).contentType("application/json")
                .accept("application/json, text/event-stream")
                .body("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                        + "\"2025-06-18\",\"capabilities\":{\"sampling\":{}},\"clientInfo\":{\"name\":\"durable\","
                        + "\"version\":\"7\"}}}")
                .post("/mcp");
        answer.then().statusCode(200);
        RowSet<Row> rows = pool.preparedQuery("select state, client_name, protocol_version, client_capabilities "
                + "from mcp_sessions where id = $1").execute(Tuple.of(answer.header("Mcp-Session-Id")))
                .await().indefinitely();
        assertThat(rows.size(), is(1));
        Row row = rows.iterator().next();
        assertThat(row.getString("state"), is("active"));
        assertThat(row.getString("client_name"), is("durable"));
        assertThat(row.getString("protocol_version"), is("2025-06-18"));
        assertThat(row.getJsonObject("client_capabilities").containsKey("sampling"), is(true));
    }

    @Test
    void aSessionThisInstanceDoesNotHoldIsRestoredWithItsToolsAndItsUpstreamSession() {
        String token = TestTokens.forUser("moved-" + UUID.randomUUID(), "operator");
        RawMcp client = RawMcp.initialize(token, "/mcp", "{\"roots\":{}}");
        List<String> tools = toolNames(client.send(TOOLS_LIST));
        String upstream = client.text("isolated__whoami", "{}");
        client.call(2, "isolated__remember", "{\"value\":\"kept before the move\"}");

        instanceDies();

        Response listed = client.send(TOOLS_LIST);
        listed.then().statusCode(200);
        assertThat(toolNames(listed), containsInAnyOrder(tools.toArray()));
        assertThat("the per_session tool's upstream session continues", client.text("isolated__whoami", "{}"),
                is(upstream));
        assertThat(client.text("isolated__recall", "{}"), is("kept before the move"));
        assertThat(registry.held(client.session()).orElseThrow().supports("roots"), is(true));
        // The restored session is the same one: the sessions API knows it under its id, active.
        given().auth().oauth2(token).get("/api/v1/sessions/" + client.session()).then().statusCode(200)
                .body("state", equalTo("active")).body("client_name", equalTo("raw"));
    }

    @Test
    void anotherCredentialNamingARestoredSessionGetsTheSame404() {
        String user = "bound-" + UUID.randomUUID();
        String token = TestTokens.forUser(user, "operator");
        RawMcp client = RawMcp.initialize(token, "/mcp", "{}");
        instanceDies();

        String otherUser = TestTokens.forUser("other-" + UUID.randomUUID(), "operator");
        client.as(otherUser).send(TOOLS_LIST).then().statusCode(404).body("error.code", equalTo(-32001));
        String key = TestClients.apiKey(user, "k" + UUID.randomUUID().toString().substring(0, 8), Set.of("everything"),
                "operator");
        client.as(key).send(TOOLS_LIST).then().statusCode(404);
        client.send(TOOLS_LIST).then().statusCode(200);
    }

    @Test
    void aSessionItsClientDeletedStaysGoneForEveryInstance() {
        String token = TestTokens.forUser("deleted-" + UUID.randomUUID(), "operator");
        RawMcp client = RawMcp.initialize(token, "/mcp", "{}");
        given().auth().oauth2(token).header("Mcp-Session-Id", client.session()).delete("/mcp").then().statusCode(204);
        RowSet<Row> rows = pool.preparedQuery("select state from mcp_sessions where id = $1")
                .execute(Tuple.of(client.session())).await().indefinitely();
        assertThat(rows.iterator().next().getString("state"), is("closed"));
        client.send(TOOLS_LIST).then().statusCode(404);
    }

    /** What a dead instance leaves: nothing of its sessions in memory (their rows stay). */
    private void instanceDies() {
        List.copyOf(registry.all()).forEach(registry::evict);
        registry.flush().await().indefinitely();
    }

    private static List<String> toolNames(Response response) {
        return JsonPath.from(response.asString()).getList("result.tools.name");
    }
}
