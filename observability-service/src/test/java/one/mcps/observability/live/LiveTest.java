package one.mcps.observability.live;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import one.mcps.observability.StandInServices;
import one.mcps.observability.TestEvents;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = StandInServices.class, restrictToAnnotatedClass = false)
class LiveTest {

    @TestHTTPResource("/api/v1/ws")
    URI endpoint;

    /** A WebSocket client that queues every text message it receives. */
    static final class Client implements WebSocket.Listener {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        String await(Predicate<String> match, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                String message = messages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (message != null && match.test(message)) {
                    return message;
                }
            }
            throw new AssertionError("No matching message within " + timeout);
        }
    }

    private WebSocket connect(Client client, String token) {
        URI ws = URI.create(endpoint.toString().replaceFirst("^http", "ws"));
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.buildAsync(ws, client).join();
    }

    @Test
    void aBearerClientReceivesAToolStatusChange() throws Exception {
        Client client = new Client();
        WebSocket socket = connect(client, TestTokens.forUser("vera", "viewer"));
        client.await(m -> m.contains("\"welcome\"") && m.contains("\"authenticated\":true"), Duration.ofSeconds(10));
        socket.sendText("{\"type\":\"subscribe\",\"channel\":\"tool-status\"}", true).join();
        client.await(m -> m.contains("\"subscribed\""), Duration.ofSeconds(10));

        String tool = TestEvents.unique("live");
        TestEvents.toolStatus(tool, "running", "starting");
        String event = client.await(m -> m.contains(tool), Duration.ofSeconds(30));
        assertTrue(event.contains("\"channel\":\"tool-status\"") && event.contains("\"state\":\"running\""), event);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Test
    void aFirstMessageTokenAuthenticatesAndLogSubscriptionsAreFiltered() throws Exception {
        Client client = new Client();
        WebSocket socket = connect(client, null);
        client.await(m -> m.contains("\"authenticated\":false"), Duration.ofSeconds(10));
        socket.sendText("{\"type\":\"subscribe\",\"channel\":\"logs\"}", true).join();
        client.await(m -> m.contains("Authenticate first"), Duration.ofSeconds(10));
        socket.sendText("{\"type\":\"auth\",\"token\":\"" + TestTokens.forUser("otto", "operator") + "\"}", true)
                .join();
        client.await(m -> m.contains("\"authenticated\"") && m.contains("otto"), Duration.ofSeconds(10));
        String tool = TestEvents.unique("filtered");
        socket.sendText("{\"type\":\"subscribe\",\"channel\":\"logs\",\"filters\":{\"tool\":\"" + tool
                + "\",\"level\":\"error\"}}", true).join();
        client.await(m -> m.contains("\"subscribed\""), Duration.ofSeconds(10));

        TestEvents.toolLog(tool, "just chatting on stderr");
        TestEvents.toolStatus(tool, "failed", "running");
        String first = client.await(m -> m.contains("\"event\""), Duration.ofSeconds(30));
        assertTrue(first.contains("\"level\":\"ERROR\"") && first.contains("is failed"), first);
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Test
    void aBadTokenIsRefused() throws Exception {
        Client client = new Client();
        WebSocket socket = connect(client, null);
        client.await(m -> m.contains("\"authenticated\":false"), Duration.ofSeconds(10));
        socket.sendText("{\"type\":\"auth\",\"token\":\"not-a-jwt\"}", true).join();
        client.await(m -> m.contains("\"error\"") && m.contains("not valid"), Duration.ofSeconds(10));
    }
}
