package one.mcps.observability.live;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.quarkus.websockets.next.WebSocketConnection;
import one.mcps.observability.logs.LogFilter;
import one.mcps.platform.security.Caller;

/**
 * One connected client: who it is, what it subscribed to, and its outgoing buffer. The buffer is bounded: when a
 * slow client lets it fill up, newer events are dropped and counted, and the client is told how many it missed
 * before the next event it does get. One message is in flight at a time, so the socket's own queue stays small.
 */
final class LiveClient {

    private final WebSocketConnection connection;
    private final int capacity;
    private final ArrayDeque<String> buffer = new ArrayDeque<>();
    private final Map<String, LogFilter> subscriptions = new ConcurrentHashMap<>();
    private volatile Caller caller;
    private long dropped;
    private boolean sending;

    LiveClient(WebSocketConnection connection, int capacity) {
        this.connection = connection;
        this.capacity = capacity;
    }

    void authenticate(Caller caller) {
        this.caller = caller;
    }

    boolean authenticated() {
        return caller != null;
    }

    void subscribe(String channel, LogFilter filter) {
        subscriptions.put(channel, filter);
    }

    void unsubscribe(String channel) {
        subscriptions.remove(channel);
    }

    boolean wants(LiveEvent event) {
        LogFilter filter = subscriptions.get(event.channel());
        return filter != null && (event.entry() == null || filter.matches(event.entry()));
    }

    /** Queues a message; drops it (and counts it) when the buffer is full. */
    void offer(String json) {
        synchronized (this) {
            if (buffer.size() >= capacity) {
                dropped++;
                return;
            }
            buffer.add(json);
        }
        drain();
    }

    private void drain() {
        String next;
        synchronized (this) {
            if (sending || buffer.isEmpty() || !connection.isOpen()) {
                return;
            }
            sending = true;
            if (dropped > 0) {
                next = "{\"type\":\"dropped\",\"count\":" + dropped + "}";
                dropped = 0;
            } else {
                next = buffer.poll();
            }
        }
        connection.sendText(next).subscribe().with(ok -> sent(), failure -> sent());
    }

    private void sent() {
        synchronized (this) {
            sending = false;
        }
        drain();
    }
}
