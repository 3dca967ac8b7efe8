package one.mcps.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import one.mcps.gateway.FakeUpstreams;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

/** A stop ends the streams open through the gateway instead of waiting the drain's whole timeout for them. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = FakeUpstreams.class, restrictToAnnotatedClass = false)
class OpenStreamsTest {

    @TestHTTPResource("/")
    URI gateway;

    @Inject
    Event<ShutdownDelayInitiatedEvent> stopping;

    @Test
    void anOpenStreamEndsWhenTheStopBegins() throws Exception {
        FakeUpstreams.releaseStream = new CompletableFuture<>();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(gateway.resolve("/mcp"))
                        .header("Authorization", "Bearer " + TestTokens.forUser("stream-" + UUID.randomUUID(),
                                "operator"))
                        .header("Mcp-Session-Id", "s-" + UUID.randomUUID()).header("Accept", "text/event-stream")
                        .GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        assertEquals("data: first", reader.lines().skip(1).findFirst().orElse(null));

        stopping.fire(new ShutdownDelayInitiatedEvent()); // the shutdown delay is 0 s in tests

        // Without the close, this read waits for the upstream's next event, which never comes before the release.
        CompletableFuture.runAsync(() -> {
            try {
                while (reader.readLine() != null) {
                    // the blank line after the first event, then nothing
                }
            } catch (IOException ended) {
                // a stream cut short is an error to an HTTP client: the end the client needs
            }
        }).get(10, TimeUnit.SECONDS);
        assertFalse(FakeUpstreams.releaseStream.isDone());
        FakeUpstreams.releaseStream.complete(null);
    }
}
