package one.mcps.gateway.ratelimit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import one.mcps.gateway.FakeUpstreams;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

/**
 * The per-tools/call limit (5 a minute in tests) counts every call the proxy would answer: the gateway reads an MCP
 * POST with the proxy's strict JSON rules, and refuses a body it cannot count rather than forwarding it uncounted.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = FakeUpstreams.class, restrictToAnnotatedClass = false)
class ToolCallCountingTest {

    /** The test profile's MCP POST limit (mcps.gateway.rate-limit.mcp-max-body-size). */
    private static final int LIMIT = 8 * 1024;

    @TestHTTPResource("/")
    URI gateway;

    private static String call(String id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"everything__echo\",\"arguments\":{\"message\":\"hi\"}}}";
    }

    /** A batch of {@code n} tools/call messages whose ids are unique to this test run. */
    private static String batch(int n) {
        String run = UUID.randomUUID().toString();
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "" : ",").append(call(run + "-" + i));
        }
        return body.append(']').toString();
    }

    private static String user() {
        return TestTokens.forUser("counting-" + UUID.randomUUID(), "operator");
    }

    private static ValidatableResponse post(String token, String body) {
        return given().auth().oauth2(token).header("Mcp-Session-Id", "s-" + UUID.randomUUID())
                .contentType("application/json").body(body).post("/mcp").then();
    }

    private static boolean forwarded(String body) {
        return FakeUpstreams.MCP_BODIES.contains(body);
    }

    @Test
    void aBatchOfCallsBehindACommentIsRefusedAndNeverReachesTheProxy() {
        String body = "/*x*/" + batch(6);
        post(user(), body)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mcps.one/problems/malformed-json"));
        assertFalse(forwarded(body));
    }

    @Test
    void jsonTheProxyMustNotReadLeniently() {
        String token = user();
        String call = call(UUID.randomUUID().toString());
        for (String body : new String[] {
                call + "//x",                                                      // a line comment
                call.replace("\"method\":\"tools/call\"", "'method':'tools/call'"), // single quotes
                call.replace("\"method\"", "method"),                              // an unquoted field name
                "[" + call + ",]",                                                 // a trailing comma
                // A second "method" some parsers take and others drop: duplicates are refused outright.
                call.replace("\"method\":\"tools/call\"", "\"method\":\"ping\",\"method\":\"tools/call\""),
                // A second root value after the first.
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}" + batch(6),
                "",
                "[" + call}) {
            post(token, body).statusCode(400)
                    .body("type", equalTo("https://mcps.one/problems/malformed-json"));
            // (The fake records GETs and DELETEs as empty bodies.)
            assertFalse(!body.isEmpty() && forwarded(body), body);
        }
        // None of that was charged: the caller still has its whole allowance.
        post(token, call).statusCode(200).header("RateLimit-Remaining", "4");
    }

    @Test
    void eachCallOfABatchIsCountedAndABatchBeyondTheAllowanceIsRefusedWhole() {
        String token = user();
        post(token, batch(3)).statusCode(200).header("RateLimit-Remaining", "2");
        String tooMany = batch(3);
        post(token, tooMany).statusCode(429)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mcps.one/problems/rate-limited"));
        assertFalse(forwarded(tooMany));
        post(token, batch(2)).statusCode(200).header("RateLimit-Remaining", "0");
    }

    @Test
    void aChunkedBodyWithinTheLimitIsCountedCallByCall() throws Exception {
        String body = batch(3);
        HttpResponse<String> response = chunked(user(), body);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("2", response.headers().firstValue("RateLimit-Remaining").orElse(null));
        assertTrue(forwarded(body));
    }

    @Test
    void aChunkedBodyOfManyCallsBeyondTheLimitIs413AndNeverReachesTheProxy() throws Exception {
        String body = batch(LIMIT / call("x").length() + 20);
        HttpResponse<String> response = chunked(user(), body);
        assertEquals(413, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(null));
        assertTrue(response.body().contains("https://mcps.one/problems/payload-too-large"), response.body());
        assertFalse(forwarded(body));
    }

    @Test
    void aKnownLengthBodyBeyondTheLimitIs413BeforeItsBodyIsRead() throws Exception {
        String body = batch(LIMIT / call("x").length() + 20);
        post(user(), body).statusCode(413)
                .body("type", equalTo("https://mcps.one/problems/payload-too-large"));
        assertFalse(forwarded(body));
        // A client that waits for a go-ahead gets the refusal instead, and never sends the body.
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /mcp HTTP/1.1\r\nHost: " + gateway.getAuthority() + "\r\nAuthorization: Bearer " + user()
                    + "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: "
                    + (LIMIT + 1) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 413", status);
        }
    }

    @Test
    void aBodyJustWithinTheLimitPasses() {
        String call = call(UUID.randomUUID().toString());
        String padded = call.replace("\"hi\"", "\"" + "a".repeat(LIMIT - call.length() + 2) + "\"");
        assertEquals(LIMIT, padded.getBytes(StandardCharsets.UTF_8).length);
        post(user(), padded).statusCode(200).header("RateLimit-Remaining", "4");
    }

    @Test
    void theLegacyMessagesEndpointIsCountedTheSameWay() {
        String token = user();
        given().auth().oauth2(token).queryParam("sessionId", "legacy-" + UUID.randomUUID())
                .contentType("application/json").body(batch(2)).post("/messages").then()
                .statusCode(200).header("RateLimit-Remaining", "3");
        String body = "/*x*/" + call(UUID.randomUUID().toString());
        given().auth().oauth2(token).queryParam("sessionId", "legacy-" + UUID.randomUUID())
                .contentType("application/json").body(body).post("/messages").then()
                .statusCode(400).body("type", equalTo("https://mcps.one/problems/malformed-json"));
        assertFalse(forwarded(body));
    }

    /** POSTs {@code body} without a Content-Length (HTTP/1.1 chunked transfer coding). */
    private HttpResponse<String> chunked(String token, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/mcp"))
                .header("Authorization", "Bearer " + token).header("Mcp-Session-Id", "s-" + UUID.randomUUID())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }
}
