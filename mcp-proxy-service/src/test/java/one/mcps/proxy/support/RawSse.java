package one.mcps.proxy.support;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

/**
 * A client of the 2024-11-05 transport that sends exactly what it is given: the {@code /sse} stream opened with one
 * token, {@code POST /messages} with any token, and the JSON-RPC messages the stream carries.
 */
public final class RawSse implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<String[]> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> stream;
    private final String endpoint;

    private RawSse(String token, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(TestClients.baseUrl() + path))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build();
        stream = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        stream.thenAcceptAsync(response -> {
            String[] event = { "message", null };
            for (String line : (Iterable<String>) response.body()::iterator) {
                if (line.startsWith("event:")) {
                    event[0] = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    event[1] = line.substring(5).trim();
                } else if (line.isEmpty() && event[1] != null) {
                    events.add(event.clone());
                    event[0] = "message";
                    event[1] = null;
                }
            }
        });
        endpoint = next("endpoint", Duration.ofSeconds(20));
    }

    /** Opens {@code path} (e.g. {@code /sse}) with {@code token} and waits for the endpoint it names. */
    public static RawSse open(String token, String path) {
        return new RawSse(token, path);
    }

    /** The session id the stream's endpoint event carries. */
    public String sessionId() {
        return endpoint.substring(endpoint.indexOf("sessionId=") + "sessionId=".length());
    }

    /** {@code POST /messages?sessionId=} with {@code token}: the HTTP answer (202 when taken). */
    public Response post(String token, String message) {
        return given().auth().oauth2(token).contentType("application/json").body(message).post(endpoint);
    }

    /** The next JSON-RPC message on the stream whose id is {@code id}. */
    public JsonObject response(int id) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            String data = next("message", Duration.ofNanos(deadline - System.nanoTime()));
            JsonObject message = new JsonObject(data);
            if (Integer.valueOf(id).equals(message.getInteger("id"))) {
                return message;
            }
        }
        throw new AssertionError("No response " + id + " on the stream");
    }

    private String next(String type, Duration timeout) {
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                String[] event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (event == null) {
                    throw new AssertionError("No " + type + " event on the stream in " + timeout);
                }
                if (type.equals(event[0])) {
                    return event[1];
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        stream.cancel(true);
        stream.thenAccept(response -> response.body().close());
    }
}
