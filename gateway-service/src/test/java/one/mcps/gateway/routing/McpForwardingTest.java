package one.mcps.gateway.routing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import one.mcps.gateway.FakeUpstreams;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

/** MCP POSTs through the gateway (the buffered path of every MCP call) to the fake mcp-proxy instances. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = FakeUpstreams.class, restrictToAnnotatedClass = false)
class McpForwardingTest {

    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"everything__echo\",\"arguments\":{\"message\":\"héllo\"}}}";

    @TestHTTPResource("/")
    URI gateway;

    private static String user() {
        return TestTokens.forUser("mcp-forwarding-" + UUID.randomUUID(), "operator");
    }

    @Test
    void theMessageArrivesWholeWithForwardingHeadersAndTheAnswerComesBackWithoutHopHeaders() {
        String token = user();
        given().auth().oauth2(token).header("Mcp-Session-Id", "s-" + UUID.randomUUID())
                .header("X-Request-Id", "mcp-call-1").contentType("application/json").body(CALL)
                // An HTTP/2 upgrade attempt (as java.net.http makes) is for this hop only.
                .header("Upgrade", "h2c").header("Connection", "Upgrade, HTTP2-Settings")
                .header("HTTP2-Settings", "AAMAAABkAAQCAAAAAAIAAAAA")
                .post("/mcp").then()
                .statusCode(200)
                .contentType("application/json")
                .body("received", equalTo(CALL))
                .body("headers.authorization", equalTo("Bearer " + token))
                .body("headers.x-request-id", equalTo("mcp-call-1"))
                .body("headers.x-forwarded-for", equalTo("127.0.0.1"))
                .body("headers.host", matchesPattern("127\\.0\\.0\\.1:\\d+"))
                .body("headers.upgrade", nullValue())
                .body("headers.http2-settings", nullValue())
                .header("X-Request-Id", "mcp-call-1")
                .header("X-End-To-End", "kept")
                .header("X-Hop-Private", nullValue())
                .header("Keep-Alive", nullValue())
                .header("RateLimit-Limit", "5")
                .header("RateLimit-Remaining", "4");
    }

    @Test
    void anAnswerStreamedAsServerSentEventsArrivesAsItIsSent() throws Exception {
        // Progress first, while the fake holds the stream open; the result once released.
        FakeUpstreams.assertEventsArriveAsSent(HttpRequest.newBuilder(gateway.resolve("/mcp"))
                .header("Authorization", "Bearer " + user()).header("Mcp-Session-Id", "s-" + UUID.randomUUID())
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"test/stream\"}"))
                .build(), "progress", "result");
    }

    @Test
    void anUpstreamSilentPastTheIdleTimeoutIs504Problem() {
        given().auth().oauth2(user()).header("Mcp-Session-Id", "s-" + UUID.randomUUID())
                .contentType("application/json").body("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"test/hang\"}")
                .post("/mcp").then()
                .statusCode(504)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mcps.one/problems/gateway-timeout"))
                .body("detail", equalTo("mcp-proxy-service did not answer within 3000 ms."));
    }

    @Test
    void aClientExpectingContinueGetsItAfterTheEdgeChecksAndItsBodyGoesThrough() throws Exception {
        byte[] bytes = CALL.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            out.write(("POST /mcp HTTP/1.1\r\nHost: " + gateway.getAuthority() + "\r\nAuthorization: Bearer " + user()
                    + "\r\nMcp-Session-Id: s-2\r\nContent-Type: application/json\r\nExpect: 100-continue"
                    + "\r\nContent-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // Nothing of the body is sent until the go-ahead comes.
            assertEquals("HTTP/1.1 100 Continue", in.readLine());
            assertEquals("", in.readLine());
            out.write(bytes);
            out.flush();
            assertEquals("HTTP/1.1 200 OK", in.readLine());
        }
    }

    @Test
    void aCallerThatHangsUpClosesTheUpstreamExchange() throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":\"" + UUID.randomUUID() + "\",\"method\":\"test/hang\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /mcp HTTP/1.1\r\nHost: " + gateway.getAuthority() + "\r\nAuthorization: Bearer " + user()
                    + "\r\nMcp-Session-Id: s-1\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            await().atMost(Duration.ofSeconds(2)).until(() -> FakeUpstreams.heldCalls.contains(body));
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> FakeUpstreams.abandonedCalls.contains(body));
    }
}
