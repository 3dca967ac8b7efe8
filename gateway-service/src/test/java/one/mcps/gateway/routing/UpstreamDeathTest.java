package one.mcps.gateway.routing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import one.mcps.gateway.FakeUpstreams;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

/**
 * An mcp-proxy instance that dies in the middle of an exchange (a rolling restart, a crash): the client learns it at
 * once, by an error or the end of its stream, and never waits for the gateway's idle timeout (3 s in tests).
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = FakeUpstreams.class, restrictToAnnotatedClass = false)
class UpstreamDeathTest {

    /** Well under the idle timeout: an end that took longer came from the timeout, not from noticing the death. */
    private static final long NOTICED_WITHIN_MS = 2000;

    @TestHTTPResource("/")
    URI gateway;

    private static String user() {
        return TestTokens.forUser("upstream-death-" + UUID.randomUUID(), "operator");
    }

    @Test
    void aCallStreamingProgressWhoseInstanceDiesEndsAtOnce() throws Exception {
        assertStreamEndsSoonAfterItsFirstEvent(HttpRequest.newBuilder(gateway.resolve("/mcp"))
                .header("Authorization", "Bearer " + user()).header("Mcp-Session-Id", "s-" + UUID.randomUUID())
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test/die\"}"))
                .build(), "progress");
    }

    @Test
    void aStreamOpenedWithGetWhoseInstanceDiesEndsAtOnce() throws Exception {
        assertStreamEndsSoonAfterItsFirstEvent(HttpRequest.newBuilder(gateway.resolve("/mcp?die=1"))
                .header("Authorization", "Bearer " + user()).header("Mcp-Session-Id", "s-" + UUID.randomUUID())
                .header("Accept", "text/event-stream").GET().build(), "first");
    }

    @Test
    void aCallWhoseInstanceDiesBeforeAnsweringIs503Problem() {
        // Not noticed, it would be the 504 of the idle timeout.
        given().auth().oauth2(user()).header("Mcp-Session-Id", "s-" + UUID.randomUUID())
                .contentType("application/json")
                .body("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"test/die-silently\"}")
                .post("/mcp").then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mcps.one/problems/unavailable"))
                .header("Retry-After", notNullValue());
    }

    private static void assertStreamEndsSoonAfterItsFirstEvent(HttpRequest request, String first) throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        assertEquals("event: message", reader.readLine());
        assertEquals("data: " + first, reader.readLine());
        long start = System.nanoTime();
        // The rest: the blank line after the event, then the end of the stream (or the error that ends it). The
        // future's own timeout only keeps a regression from hanging the build.
        CompletableFuture.runAsync(() -> {
            try {
                while (reader.readLine() != null) {
                    // nothing else was sent
                }
            } catch (IOException ended) {
                // a stream cut short is an error to an HTTP client: as good an end as any
            }
        }).get(10, TimeUnit.SECONDS);
        assertNoticedQuickly(start);
    }

    private static void assertNoticedQuickly(long startNanos) {
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        assertTrue(ms < NOTICED_WITHIN_MS, "the instance's death was noticed after " + ms + " ms");
    }
}
