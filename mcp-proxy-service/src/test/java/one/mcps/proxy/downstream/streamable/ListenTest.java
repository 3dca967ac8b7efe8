package one.mcps.proxy.downstream.streamable;

import static one.mcps.proxy.support.StatelessMcp.headers;
import static one.mcps.proxy.support.StatelessMcp.request;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import one.mcps.proxy.support.McpUpstreams;
import one.mcps.proxy.support.StatelessMcp;
import one.mcps.proxy.support.TestClients;
import one.mcps.proxy.support.Upstreams;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

/** {@code subscriptions/listen} (2026-07-28): a stateless client hears what a session hears on its GET stream. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = McpUpstreams.class, restrictToAnnotatedClass = false)
class ListenTest {

    private static final String NOTE = "scripted+scripted://note";

    @BeforeEach
    void upstreamsConnected() {
        Upstreams.awaitConnected();
    }

    /** Acknowledged with the filter as honoured, then the update of the resource it named, both stamped with its id. */
    @Test
    void aListenStreamIsAcknowledgedAndCarriesTheUpdatesOfItsResources() throws Exception {
        JsonObject filter = new JsonObject().put("toolsListChanged", true).put("unknownFlag", true)
                .put("resourceSubscriptions", new JsonArray().add(NOTE));
        String body = request(31, "subscriptions/listen", new JsonObject().put("notifications", filter),
                StatelessMcp.ENVELOPE);
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create(TestClients.baseUrl() + "/mcp"))
                .header("Authorization", "Bearer " + TestTokens.admin()).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", StatelessMcp.VERSION).header("Mcp-Method", "subscriptions/listen")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode(), equalTo(200));
        Iterator<String> events = response.body().filter(line -> line.startsWith("data:"))
                .map(line -> line.substring(5).trim()).iterator();

        JsonPath ack = JsonPath.from(events.next());
        assertThat(ack.getString("method"), equalTo("notifications/subscriptions/acknowledged"));
        assertThat(ack.getInt("params._meta.'io.modelcontextprotocol/subscriptionId'"), equalTo(31));
        assertThat(ack.getBoolean("params.notifications.toolsListChanged"), equalTo(true));
        assertThat(ack.getList("params.notifications.resourceSubscriptions"), equalTo(List.of(NOTE)));
        assertThat(ack.getMap("params.notifications").containsKey("unknownFlag"), equalTo(false));

        JsonPath updated = JsonPath.from(events.next());
        assertThat(updated.getString("method"), equalTo("notifications/resources/updated"));
        assertThat(updated.getString("params.uri"), equalTo(NOTE));
        assertThat(updated.getInt("params._meta.'io.modelcontextprotocol/subscriptionId'"), equalTo(31));
        response.body().close();
    }

    @Test
    void aListenThatCannotStreamOrNamesAnUnknownResourceIsRefused() {
        JsonObject params = new JsonObject().put("notifications", new JsonObject().put("toolsListChanged", true));
        headers(TestTokens.admin(), "subscriptions/listen").accept("application/json")
                .body(request(32, "subscriptions/listen", params, StatelessMcp.ENVELOPE)).post("/mcp").then()
                .statusCode(400).body("error.code", equalTo(-32600));
        JsonObject unknown = new JsonObject().put("notifications", new JsonObject()
                .put("resourceSubscriptions", new JsonArray().add("nowhere+x://y")));
        headers(TestTokens.admin(), "subscriptions/listen")
                .body(request(33, "subscriptions/listen", unknown, StatelessMcp.ENVELOPE)).post("/mcp").then()
                .statusCode(400).body("error.code", equalTo(-32602));
    }
}
