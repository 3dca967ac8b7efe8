package one.mcps.observability.live;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.quarkus.websockets.next.WebSocketConnection;
import one.mcps.observability.logs.LogFilter;
import one.mcps.platform.security.CredentialWatch;

/**
 * One connected client: the credential it authenticated with (gone once it is revoked or expires), what it
 * subscribed to, and its outgoing buffer. The buffer is bounded: when a
 * slow client lets it fill up, newer events are dropped and counted, and the client is told how many it missed
 * before the next event it does get. One message is in flight at a time, so the socket's own queue stays small.
 */
final class LiveClient {

    private final WebSocketConnection connection;
    private final int capacity;
    private final ArrayDeque<String> buffer = new ArrayDeque<>();
    private final Map<String, LogFilter> subscriptions = new ConcurrentHashMap<>();
    private volatile LiveCredential credential;
    private volatile boolean ended;
    private CredentialWatch.Watching watching;
    private long dropped;
    private boolean sending;
    /** Live lines of the logs channel held back while a resume replays what the client missed; else null. */
    private List<Held> held;

    LiveClient(WebSocketConnection connection, int capacity) {
        this.connection = connection;
        this.capacity = capacity;
    }

    WebSocketConnection connection() {
        return connection;
    }

    /** Holds the credential and its watch; stops the watch of the one it replaces (a second auth message). */
    synchronized void authenticate(LiveCredential credential, CredentialWatch.Watching watching) {
        stopWatching();
        this.credential = credential;
        this.watching = watching;
    }

    LiveCredential credential() {
        return credential;
    }

    /** Stops every delivery at once: the credential is gone, the socket is being closed. */
    synchronized void end() {
        ended = true;
        credential = null;
        stopWatching();
    }

    private void stopWatching() {
        if (watching != null) {
            watching.stop();
            watching = null;
        }
    }

    boolean authenticated() {
        return credential != null && !ended;
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

    /** Holds the logs channel's live lines back until {@link #resume} has replayed the missed ones. */
    synchronized void hold() {
        held = new ArrayList<>();
    }

    /**
     * Sends the replayed lines (bounded by the caller, not by the buffer: the client asked for them), then
     * {@code resumed}, then the held live lines the replay did not already hold, and lets live lines flow again.
     */
    void resume(List<String> replay, Set<String> replayedIds, String resumed) {
        synchronized (this) {
            buffer.addAll(replay);
            buffer.add(resumed);
            if (held != null) {
                for (Held line : held) {
                    if (!replayedIds.contains(line.eventId())) {
                        buffer.add(line.json());
                    }
                }
            }
            held = null;
        }
        drain();
    }

    /** Queues an event, or holds it while a resume of its channel is under way. */
    void offer(LiveEvent event, String json) {
        synchronized (this) {
            if (held != null && LiveEvent.LOGS.equals(event.channel()) && event.entry() != null) {
                if (held.size() >= capacity) {
                    dropped++;
                } else {
                    held.add(new Held(event.entry().eventId(), json));
                }
                return;
            }
        }
        offer(json);
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

    private record Held(String eventId, String json) {
    }
}
