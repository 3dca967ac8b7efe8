package one.mcps.proxy.downstream.inputs;

import static one.mcps.proxy.support.StatelessMcp.envelope;
import static one.mcps.proxy.support.StatelessMcp.send;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.notNullValue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import one.mcps.proxy.support.McpUpstreams;
import one.mcps.proxy.support.StatelessMcp;
import one.mcps.proxy.support.Upstreams;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

/**
 * A 2026-07-28 client calling a tool of a stateful upstream that asks its client something during the call (the real
 * {@code mcp-server-everything}): the client gets an InputRequiredResult, and its retry with the answers and the
 * requestState finishes the same upstream call.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = McpUpstreams.class, restrictToAnnotatedClass = false)
class InputRequiredTest {

    private static final JsonObject SAMPLING = envelope(new JsonObject().put("sampling", new JsonObject()));
    private static final JsonObject ELICITATION = envelope(new JsonObject().put("elicitation", new JsonObject()));
    private static final JsonObject SAMPLE = new JsonObject().put("name", "trigger-sampling-request")
            .put("arguments", new JsonObject().put("prompt", "say hi").put("maxTokens", 10));

    @Inject
    RequestStates states;

    @BeforeEach
    void upstreamsConnected() {
        Upstreams.awaitConnected();
    }

    @Test
    void anElicitationEndsTheRoundAndTheRetryWithItsAnswerFinishesTheCall() {
        String admin = TestTokens.admin();
        JsonObject call = new JsonObject().put("name", "trigger-elicitation-request").put("arguments", new JsonObject());
        JsonPath first = send(admin, "/servers/everything/mcp", 1, "tools/call", call, ELICITATION).then()
                .statusCode(200).body("id", equalTo(1)).body("result.resultType", equalTo("input_required"))
                .body("result.inputRequests", aMapWithSize(1)).body("result.requestState", notNullValue())
                .extract().jsonPath();
        String key = onlyKey(first);
        assertThat(first.getString("result.inputRequests.'" + key + "'.method"), equalTo("elicitation/create"));

        send(admin, "/servers/everything/mcp", 2, "tools/call", retry(call, first, key,
                new JsonObject().put("action", "decline")), ELICITATION).then().statusCode(200)
                .body("id", equalTo(2)).body("result.resultType", equalTo("complete"))
                .body("result.content[0].text", containsString("declined"));
    }

    /** What the client answers is what the upstream gets: its sampled text comes back in the tool's result. */
    @Test
    void aSamplingAnswerReachesTheUpstreamOnTheLeanAndTheSdkPath() {
        for (String server : new String[] {"everything", "legacy"}) {
            String admin = TestTokens.admin();
            JsonPath first = send(admin, "/servers/" + server + "/mcp", 3, "tools/call", SAMPLE, SAMPLING).then()
                    .statusCode(200).body("result.resultType", equalTo("input_required")).extract().jsonPath();
            String key = onlyKey(first);
            assertThat(first.getString("result.inputRequests.'" + key + "'.method"),
                    equalTo("sampling/createMessage"));
            send(admin, "/servers/" + server + "/mcp", 4, "tools/call", retry(SAMPLE, first, key, sampled(server)),
                    SAMPLING).then().statusCode(200).body("result.resultType", equalTo("complete"))
                    .body("result.content[0].text", containsString("sampled for " + server));
        }
    }

    /** The state is the server's, signed: a changed one, another user's, or one already used is refused. */
    @Test
    void aChangedForeignOrReplayedStateIsRefused() {
        String admin = TestTokens.admin();
        JsonPath first = send(admin, "/servers/everything/mcp", 5, "tools/call", SAMPLE, SAMPLING).then()
                .statusCode(200).body("result.resultType", equalTo("input_required")).extract().jsonPath();
        String key = onlyKey(first);
        String state = first.getString("result.requestState");
        JsonObject answer = sampled("tampering");

        JsonObject tampered = retry(SAMPLE, first, key, answer).put("requestState", changed(state));
        send(admin, "/servers/everything/mcp", 6, "tools/call", tampered, SAMPLING).then().statusCode(200)
                .body("error.code", equalTo(-32602)).body("error.message", containsString("integrity"));
        String stranger = TestTokens.forUser("stranger-" + UUID.randomUUID(), "admin");
        send(stranger, "/servers/everything/mcp", 7, "tools/call", retry(SAMPLE, first, key, answer), SAMPLING)
                .then().statusCode(200).body("error.code", equalTo(-32602))
                .body("error.message", containsString("another user"));

        send(admin, "/servers/everything/mcp", 8, "tools/call", retry(SAMPLE, first, key, answer), SAMPLING).then()
                .statusCode(200).body("result.content[0].text", containsString("sampled for tampering"));
        send(admin, "/servers/everything/mcp", 9, "tools/call", retry(SAMPLE, first, key, answer), SAMPLING).then()
                .statusCode(200).body("error.code", equalTo(-32602))
                .body("error.message", containsString("no longer waits"));
    }

    /** A client that cannot sample is never asked to: the upstream hears "no" at once and the call completes. */
    @Test
    void aClientWithoutTheCapabilityIsNotAsked() {
        send(TestTokens.admin(), "/servers/everything/mcp", 10, "tools/call", SAMPLE).then().statusCode(200)
                .body("result.resultType", equalTo("complete")).body("result.isError", equalTo(true))
                .body("result.inputRequests", nullValue());
    }

    /**
     * Behind a balancer the retry may land on an instance that does not hold the call: it is sent on, as it came, to
     * the instance the state names (a stand-in here), and that instance's answer comes back; once, never in a loop.
     */
    @Test
    void aRetryThatLandsOnAnotherInstanceGoesToTheOneHoldingTheCall() throws Exception {
        String admin = TestTokens.admin();
        AtomicReference<HttpExchange> seen = new AtomicReference<>();
        AtomicReference<String> seenBody = new AtomicReference<>();
        HttpServer holder = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        holder.createContext("/", exchange -> {
            seenBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            seen.set(exchange);
            byte[] answer = new JsonObject().put("jsonrpc", "2.0").put("id", 11).put("result", new JsonObject()
                    .put("content", new JsonArray().add(new JsonObject().put("type", "text")
                            .put("text", "from the holder")))).toBuffer().getBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        holder.start();
        try {
            String user = UUID.nameUUIDFromBytes("admin".getBytes()).toString();
            String state = states.sign(new RequestStates.Claims(UUID.randomUUID().toString(), 1, user, "tools/call",
                    "trigger-sampling-request", "http://127.0.0.1:" + holder.getAddress().getPort()));
            JsonObject retry = SAMPLE.copy().put("requestState", state)
                    .put("inputResponses", new JsonObject().put("1", sampled("elsewhere")));

            send(admin, "/servers/everything/mcp", 11, "tools/call", retry, SAMPLING).then().statusCode(200)
                    .body("result.content[0].text", equalTo("from the holder"));
            assertThat(seen.get().getRequestURI().getPath(), equalTo("/servers/everything/mcp"));
            assertThat(seen.get().getRequestHeaders().getFirst("Authorization"), equalTo("Bearer " + admin));
            assertThat(seen.get().getRequestHeaders().getFirst("Mcp-Method"), equalTo("tools/call"));
            assertThat(seen.get().getRequestHeaders().getFirst(RoundForwarder.FORWARDED), equalTo("1"));
            assertThat(seenBody.get(), containsString(state));

            StatelessMcp.headers(admin, "tools/call").header("Mcp-Name", "trigger-sampling-request")
                    .header(RoundForwarder.FORWARDED, "1")
                    .body(StatelessMcp.request(12, "tools/call", retry, SAMPLING)).post("/servers/everything/mcp")
                    .then().statusCode(200).body("error.code", equalTo(-32602))
                    .body("error.message", containsString("no longer waits"));
        } finally {
            holder.stop(0);
        }
    }

    private static String onlyKey(JsonPath first) {
        Map<String, Object> inputs = first.getMap("result.inputRequests");
        return inputs.keySet().iterator().next();
    }

    private static JsonObject retry(JsonObject call, JsonPath previous, String key, JsonObject answer) {
        return call.copy().put("inputResponses", new JsonObject().put(key, answer))
                .put("requestState", previous.getString("result.requestState"));
    }

    private static JsonObject sampled(String text) {
        return new JsonObject().put("role", "assistant").put("model", "test-model").put("stopReason", "endTurn")
                .put("content", new JsonObject().put("type", "text").put("text", "sampled for " + text));
    }

    /** One character of the signed payload changed: still well-formed, no longer ours. */
    private static String changed(String state) {
        char c = state.charAt(2);
        return state.substring(0, 2) + (c == 'A' ? 'B' : 'A') + state.substring(3);
    }
}
