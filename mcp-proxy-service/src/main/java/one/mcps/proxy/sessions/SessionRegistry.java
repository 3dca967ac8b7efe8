package one.mcps.proxy.sessions;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import one.mcps.platform.security.Caller;
import one.mcps.proxy.catalog.Scope;
import one.mcps.proxy.config.ProxyConfig;
import one.mcps.proxy.downstream.Channel;
import one.mcps.proxy.upstream.UpstreamManager;

/**
 * The live sessions of this proxy, in memory: the hot path never waits for the database. New sessions, changes
 * and last-seen times reach PostgreSQL in the periodic batch of {@link SessionStore}; idle sessions expire.
 */
@ApplicationScoped
public class SessionRegistry {

    private static final Logger LOG = Logger.getLogger(SessionRegistry.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, McpSession> live = new ConcurrentHashMap<>();
    private final List<McpSession> ended = new ArrayList<>();
    private final SessionStore store;
    private final UpstreamManager upstreams;
    private final ProxyConfig.Sessions config;

    public SessionRegistry(SessionStore store, UpstreamManager upstreams, ProxyConfig config) {
        this.store = store;
        this.upstreams = upstreams;
        this.config = config.sessions();
    }

    public McpSession create(Caller caller, Scope scope, String transport) {
        McpSession session = new McpSession(newId(), caller, scope, transport,
                new MessageLog(config.messageHistory(), config.messageBodyLimit()));
        live.put(session.id(), session);
        return session;
    }

    /**
     * A live session opened with this caller's credential. Another user's session id, and one the same user opened
     * with another credential (a scoped key on the owner's JWT session, one key on another's), is as unknown as a
     * made-up one.
     */
    public Optional<McpSession> find(String id, Caller caller) {
        McpSession session = id == null ? null : live.get(id);
        return session != null && session.boundTo(caller) ? Optional.of(session) : Optional.empty();
    }

    /**
     * {@link #find(String, Caller)} for an MCP message: the session's notifications are filtered by this caller
     * from now on (its current roles and key scope), as its requests are.
     */
    public Optional<McpSession> use(String id, Caller caller) {
        Optional<McpSession> session = find(id, caller);
        session.ifPresent(s -> s.heardFrom(caller));
        return session;
    }

    /** Any live session, for administrators. */
    public Optional<McpSession> find(String id) {
        return Optional.ofNullable(id == null ? null : live.get(id));
    }

    public Collection<McpSession> all() {
        return live.values();
    }

    public int size() {
        return live.size();
    }

    /**
     * Ends a session (client DELETE, closed SSE stream, API delete, expiry): in-flight requests are cancelled, and
     * upstream sessions opened for it alone are ended.
     */
    public void close(McpSession session, String finalState) {
        if (live.remove(session.id()) == null) {
            return;
        }
        session.end(finalState);
        session.inFlight().values().forEach(Cancellable::cancel);
        upstreams.sessionEnded(session.id());
        Channel stream = session.stream();
        if (stream != null) {
            stream.close();
        }
        synchronized (ended) {
            ended.add(session);
        }
    }

    @Scheduled(every = "${mcps.mcp.sessions.flush-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweepAndFlush() {
        long idleBefore = System.currentTimeMillis() - config.idleTimeout().toMillis();
        // A session with an open stream is in use even when the client sends nothing.
        live.values().stream()
                .filter(s -> s.lastSeenMillis() < idleBefore && s.inFlight().isEmpty() && s.stream() == null).toList()
                .forEach(s -> close(s, McpSession.EXPIRED));
        return flush().chain(() -> store.expireStale(Instant.ofEpochMilli(idleBefore)))
                .onFailure().invoke(e -> LOG.warnf("Writing sessions failed (retried next time): %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** Comments on every open stream, so idle connections survive proxies and load balancers that cut silence. */
    @Scheduled(every = "${mcps.mcp.sessions.keep-alive-interval}")
    void keepStreamsAlive() {
        for (McpSession session : live.values()) {
            Channel stream = session.stream();
            if (stream != null && !stream.keepAlive()) {
                session.clearStream(stream);
            }
        }
    }

    /** Writes every pending change now (the sessions API calls it so that it reads what clients just did). */
    public Uni<Void> flush() {
        List<McpSession> pending = new ArrayList<>(live.values());
        synchronized (ended) {
            pending.addAll(ended);
            ended.clear();
        }
        return store.write(pending);
    }

    private static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
