package one.mcps.proxy.sessions;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.modelcontextprotocol.spec.McpSchema;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.json.JsonObject;
import one.mcps.platform.security.Caller;
import one.mcps.proxy.catalog.Scope;
import one.mcps.proxy.downstream.Channel;

/**
 * One client session, live in the memory of this instance. Its row in {@code mcp_sessions} (written before the
 * initialize answer leaves) is what any other instance restores it from. Holds the credential that opened it, what it
 * negotiated, where to push notifications and which of its requests are in flight.
 *
 * <p>Two callers are kept apart on purpose. The {@link #owner() owner} (who opened the session) only decides who may
 * use the session id: the same credential ({@link Caller#sameCredential}), so a server-scoped key cannot ride a
 * session its owner opened with a JWT. What a request may see or call is decided by the caller authenticated on that
 * very request, never by the owner: a user demoted since initialize has the new roles at once. Notifications, which
 * no request carries, are filtered by the {@link #latestCaller() latest} request's caller.
 */
public final class McpSession {

    public static final String STREAMABLE = "streamable_http";
    public static final String SSE = "sse";

    public static final String ACTIVE = "active";
    public static final String CLOSED = "closed";
    public static final String EXPIRED = "expired";

    private final String id;
    private final Caller owner;
    private final Scope scope;
    private final String transport;
    private final Instant createdAt;
    private final MessageLog messages;
    private final Map<Object, Cancellable> inFlight = new ConcurrentHashMap<>();
    private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
    private volatile String protocolVersion;
    private volatile JsonObject clientInfo;
    private volatile JsonObject clientCapabilities = new JsonObject();
    private volatile String name;
    private volatile long lastSeenMillis;
    private volatile boolean initialized;
    private volatile McpSchema.LoggingLevel logLevel;
    private volatile Channel stream;
    private volatile long persistedSeenMillis = -1;
    private volatile boolean changed = true;
    private volatile String state = ACTIVE;
    private volatile Instant endedAt;
    private volatile Caller latestCaller;

    McpSession(String id, Caller owner, Scope scope, String transport, MessageLog messages) {
        this(id, owner, scope, transport, messages, Instant.now());
    }

    private McpSession(String id, Caller owner, Scope scope, String transport, MessageLog messages,
            Instant createdAt) {
        this.id = id;
        this.owner = owner;
        this.latestCaller = owner;
        this.scope = scope;
        this.transport = transport;
        this.messages = messages;
        this.createdAt = createdAt;
        this.lastSeenMillis = System.currentTimeMillis();
    }

    /**
     * A session another instance opened, continued here from its row: initialized, with what its client declared.
     * Its message history stays with the instance that saw the messages.
     */
    static McpSession restored(SessionRow row, MessageLog messages) {
        McpSession session = new McpSession(row.id(), row.owner(), row.scope(), row.transport(), messages,
                row.createdAt());
        session.protocolVersion = row.protocolVersion();
        session.clientInfo = row.clientInfo();
        session.clientCapabilities = row.clientCapabilities() == null ? new JsonObject() : row.clientCapabilities();
        session.name = row.name();
        session.logLevel = row.logLevel() == null ? null : McpSchema.LoggingLevel.fromValue(row.logLevel());
        session.initialized = true;
        session.changed = false;
        return session;
    }

    public String id() {
        return id;
    }

    /** The credential that opened the session: for the binding check, the listing and the database row only. */
    public Caller owner() {
        return owner;
    }

    /** The caller of the latest request admitted to this session: what notifications are filtered by. */
    public Caller latestCaller() {
        return latestCaller;
    }

    /** A request of the session's own credential arrived; its caller is now the one notifications are for. */
    void heardFrom(Caller caller) {
        latestCaller = caller;
        touch();
    }

    public Scope scope() {
        return scope;
    }

    public String transport() {
        return transport;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant lastSeen() {
        return Instant.ofEpochMilli(lastSeenMillis);
    }

    long lastSeenMillis() {
        return lastSeenMillis;
    }

    /** Cheap on purpose: called for every message; the database learns of it in the next batched flush. */
    public void touch() {
        lastSeenMillis = System.currentTimeMillis();
    }

    public MessageLog messages() {
        return messages;
    }

    public String protocolVersion() {
        return protocolVersion;
    }

    public JsonObject clientInfo() {
        return clientInfo;
    }

    public String name() {
        return name;
    }

    public void rename(String value) {
        this.name = value;
        this.changed = true;
    }

    public void initialize(String version, JsonObject info) {
        this.protocolVersion = version;
        this.clientInfo = info;
        this.changed = true;
    }

    public void capabilities(JsonObject value) {
        this.clientCapabilities = value == null ? new JsonObject() : value;
    }

    public JsonObject clientCapabilities() {
        return clientCapabilities;
    }

    /** Whether the client declared a capability ({@code sampling}, {@code elicitation}) at initialize. */
    public boolean supports(String capability) {
        return clientCapabilities.containsKey(capability);
    }

    public String state() {
        return state;
    }

    void end(String finalState) {
        this.state = finalState;
        this.endedAt = Instant.now();
        this.changed = true;
    }

    /** When it ended (closed or expired); null while active. */
    Instant endedAt() {
        return endedAt;
    }

    /** Whether the database copy is behind: the session changed or was seen since the last flush. */
    boolean needsFlush() {
        return changed || lastSeenMillis != persistedSeenMillis;
    }

    /** Called just before the row is written; a change made during the write is kept for the next flush. */
    void flushing() {
        changed = false;
        persistedSeenMillis = lastSeenMillis;
    }

    public boolean initialized() {
        return initialized;
    }

    public void markInitialized() {
        this.initialized = true;
    }

    public McpSchema.LoggingLevel logLevel() {
        return logLevel;
    }

    public void logLevel(McpSchema.LoggingLevel level) {
        this.logLevel = level;
    }

    /** The stream for messages not tied to one request (GET /mcp or the legacy /sse stream); null when none is open. */
    public Channel stream() {
        return stream;
    }

    public void stream(Channel value) {
        this.stream = value;
    }

    /** Sends on the session's stream if one is open; a client without one does not get the notification. */
    public boolean sendOnStream(JsonObject message) {
        Channel current = stream;
        return current != null && current.send(message);
    }

    public void clearStream(Channel value) {
        if (stream == value) {
            stream = null;
        }
    }

    public Map<Object, Cancellable> inFlight() {
        return inFlight;
    }

    public Set<String> subscriptions() {
        return subscriptions;
    }

    /** Whether {@code other} is the credential that opened this session (another key of the same user is not). */
    public boolean boundTo(Caller other) {
        return owner.userId() != null && owner.sameCredential(other);
    }
}
