package one.mcps.proxy.sessions;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The last messages of one session, kept in memory for {@code GET /api/v1/sessions/{id}/messages}: a bounded
 * ring (the newest win) with bodies cut to a configured size, so neither the hot path nor the database pays for it.
 */
public final class MessageLog {

    @RegisterForReflection
    public record Entry(long seq, String direction, String method, Object id, String body, boolean truncated,
            Instant at) {
    }

    public static final String IN = "in";
    public static final String OUT = "out";

    private final int capacity;
    private final int bodyLimit;
    private final ArrayDeque<Entry> entries;
    private long seq;

    public MessageLog(int capacity, int bodyLimit) {
        this.capacity = capacity;
        this.bodyLimit = bodyLimit;
        this.entries = new ArrayDeque<>(Math.min(capacity, 16));
    }

    public synchronized void add(String direction, String method, Object id, String body) {
        if (capacity <= 0) {
            return;
        }
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        boolean truncated = body.length() > bodyLimit;
        entries.addLast(new Entry(++seq, direction, method, id, truncated ? body.substring(0, bodyLimit) : body,
                truncated, Instant.now()));
    }

    public synchronized List<Entry> page(int offset, int limit) {
        return entries.stream().skip(offset).limit(limit).toList();
    }

    public synchronized int size() {
        return entries.size();
    }

    public boolean enabled() {
        return capacity > 0;
    }
}
