package one.mcps.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A WebSocket client on the gateway's /api/v1/ws (Bearer header on the upgrade, then one subscribe message per
 * channel) that keeps every text message it receives.
 */
final class LiveStream implements WebSocket.Listener, AutoCloseable {

    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile String closedWith;
    private WebSocket socket;

    static LiveStream connect(String gatewayUrl, String bearer) {
        LiveStream stream = new LiveStream();
        URI uri = URI.create(gatewayUrl.replaceFirst("^http", "ws") + "/api/v1/ws");
        stream.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearer).buildAsync(uri, stream).join();
        return stream;
    }

    /** Asks for a channel's events ({@code tool-status}, {@code logs}, {@code alerts}, {@code tasks}). */
    LiveStream subscribe(String channel) {
        socket.sendText("{\"type\":\"subscribe\",\"channel\":\"" + channel + "\"}", true).join();
        return this;
    }

    List<String> messages() {
        return List.copyOf(messages);
    }

    String closedWith() {
        return closedWith;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        synchronized (partial) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closedWith = statusCode + " " + reason;
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closedWith = "error: " + error;
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
    }
}
