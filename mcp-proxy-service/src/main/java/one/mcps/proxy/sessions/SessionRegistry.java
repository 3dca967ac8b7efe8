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
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import one.mcps.platform.security.Caller;
import one.mcps.proxy.catalog.Scope;
import one.mcps.proxy.config.ProxyConfig;
import one.mcps.proxy.downstream.Channel;
import one.mcps.proxy.upstream.UpstreamManager;

/**
 * The sessions this instance holds in memory, over the rows every instance shares. A session is written when it is
 * initialized (before the answer leaves), so any instance can continue it: a request naming a session this instance
 * does not hold restores it from its row. Last-seen times reach the database in a periodic batch; ends the client
 * asks for are written at once. A session idle here is only dropped from memory (its client may be talking to
 * another instance); it expires when its row shows no instance has seen it used for the idle time.
 */
@ApplicationScoped
public class SessionRegistry {

    private static final Logger LOG = Logger.getLogger(SessionRegistry.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, McpSession> live = new ConcurrentHashMap<>();
    private final List<McpSession> pending = new ArrayList<>();
    private final SessionStore store;
    private final UpstreamManager upstreams;
    private final ProxyConfig.Sessions config;
    /** Where the last look for sessions ended by other instances started; the next one overlaps it a little. */
    private volatile Instant endedCheckedAt = Instant.now();
    /** Set at stop: the periodic jobs end (the database pool closes soon after). */
    private volatile boolean stopping;

    public SessionRegistry(SessionStore store, UpstreamManager upstreams, ProxyConfig config) {
        this.store = store;
        this.upstreams = upstreams;
        this.config = config.sessions();
    }

    public McpSession create(Caller caller, Scope scope, String transport) {
        McpSession session = new McpSession(newId(), caller, scope, transport, messageLog());
        live.put(session.id(), session);
        return session;
    }

    /**
     * Stores what the session's client declared at initialize: from here on, any instance can continue it. A session
     * that cannot be stored is dropped, so its client never holds an id no other instance knows.
     */
    public Uni<Void> opened(McpSession session) {
        return store.open(session).onFailure().invoke(e -> {
            LOG.warnf("Session %s could not be stored: %s", session.id(), e.getMessage());
            live.remove(session.id());
        });
    }

    /**
     * The session if it was opened with this caller's credential, held here or restored from its row (another
     * instance opened it). Another user's session id, one the same user opened with another credential (a scoped key
     * on the owner's JWT session, one key on another's), an ended one and a made-up one are all equally unknown.
     */
    public Uni<Optional<McpSession>> find(String id, Caller caller) {
        return find(id).map(found -> found.filter(session -> session.boundTo(caller)));
    }

    /**
     * {@link #find(String, Caller)} for an MCP message: the session's notifications are filtered by this caller
     * from now on (its current roles and key scope), as its requests are.
     */
    public Uni<Optional<McpSession>> use(String id, Caller caller) {
        return find(id, caller).invoke(found -> found.ifPresent(s -> s.heardFrom(caller)));
    }

    /** Any session, held here or restored (for administrators, and for callers who check the binding themselves). */
    public Uni<Optional<McpSession>> find(String id) {
        if (id == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        McpSession held = live.get(id);
        return held != null ? Uni.createFrom().item(Optional.of(held)) : restore(id);
    }

    /** A session held here now, without asking the database. */
    public Optional<McpSession> held(String id) {
        return Optional.ofNullable(id == null ? null : live.get(id));
    }

    /**
     * Only Streamable HTTP sessions can continue elsewhere: a legacy SSE session is its stream, which lives and dies
     * on one instance. A row whose session idled past the timeout is expired even if no sweep has marked it yet.
     */
    private Uni<Optional<McpSession>> restore(String id) {
        long idleBefore = System.currentTimeMillis() - config.idleTimeout().toMillis();
        return store.find(id).map(row -> row
                .filter(r -> McpSession.ACTIVE.equals(r.state()) && McpSession.STREAMABLE.equals(r.transport())
                        && r.lastSeenAt().toEpochMilli() >= idleBefore)
                .map(r -> {
                    McpSession restored = live.computeIfAbsent(id, ignored -> McpSession.restored(r, messageLog()));
                    LOG.debugf("Session %s restored from its row", id);
                    return restored;
                }));
    }

    public Collection<McpSession> all() {
        return live.values();
    }

    public int size() {
        return live.size();
    }

    /**
     * Ends a session (client DELETE, closed SSE stream, API delete): in-flight requests are cancelled, the end is
     * stored before the Uni completes (no other instance continues it after that), and upstream sessions opened for
     * it alone are ended upstream.
     */
    public Uni<Void> close(McpSession session, String finalState) {
        if (live.remove(session.id()) == null) {
            return Uni.createFrom().voidItem();
        }
        session.end(finalState);
        session.inFlight().values().forEach(Cancellable::cancel);
        // Its upstream sessions are ended from their stored rows below, wherever they were opened.
        upstreams.sessionLeft(session.id());
        Channel stream = session.stream();
        if (stream != null) {
            stream.close();
        }
        return store.end(session).call(() -> endUpstreams(session.id()))
                .onFailure().invoke(e -> {
                    LOG.warnf("Ending session %s was not stored (written with the next flush): %s", session.id(),
                            e.getMessage());
                    pending(session);
                });
    }

    /** Renames a session; stored at once, since any instance may be asked for it next. */
    public Uni<Void> rename(McpSession session, String name) {
        session.rename(name);
        return store.rename(session.id(), name);
    }

    public Uni<Void> logLevel(McpSession session, String level) {
        return store.logLevel(session.id(), level);
    }

    @Scheduled(every = "${mcps.mcp.sessions.flush-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweepAndFlush() {
        if (stopping) {
            return Uni.createFrom().voidItem();
        }
        long now = System.currentTimeMillis();
        long idleBefore = now - config.idleTimeout().toMillis();
        for (McpSession session : live.values()) {
            if (!session.inFlight().isEmpty() || session.stream() != null) {
                // In use even when the client sends nothing: its row must not look idle to the other instances.
                session.touch();
            } else if (session.lastSeenMillis() < idleBefore) {
                evict(session);
            }
        }
        return flush().chain(() -> store.expireStale(Instant.ofEpochMilli(idleBefore)))
                .chain(expired -> Multi.createFrom().iterable(expired)
                        .onItem().transformToUniAndConcatenate(this::expired).collect().last())
                .onFailure().invoke(e -> LOG.warnf("Writing sessions failed (retried next time): %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Drops the sessions another instance ended (a client's DELETE there, an expiry) from this one's memory. */
    @Scheduled(every = "${mcps.mcp.sessions.ended-check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> dropEndedElsewhere() {
        if (stopping) {
            return Uni.createFrom().voidItem();
        }
        Instant started = Instant.now();
        Instant since = endedCheckedAt.minus(config.endedCheckInterval().multipliedBy(2));
        return store.endedSince(since).invoke(ids -> {
            endedCheckedAt = started;
            ids.forEach(id -> held(id).ifPresent(this::forget));
        }).onFailure().invoke(e -> LOG.debugf("Looking for ended sessions failed (retried): %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
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
        List<McpSession> due = new ArrayList<>(live.values());
        synchronized (pending) {
            due.addAll(pending);
            pending.clear();
        }
        return store.write(due);
    }

    /**
     * A stop is not an end for the sessions that can continue elsewhere: their last-seen times are written and they
     * stay active. Legacy SSE sessions end with their streams, so they are stored as closed.
     */
    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        live.values().stream().filter(s -> McpSession.SSE.equals(s.transport())).toList().forEach(s -> {
            live.remove(s.id());
            s.end(McpSession.CLOSED);
            pending(s);
        });
        try {
            flush().await().atMost(config.stopFlushTimeout());
        } catch (RuntimeException e) {
            LOG.warnf("Sessions were not written at stop: %s", e.getMessage());
        }
    }

    /**
     * Idle here: the client may be using it through another instance, so nothing is ended, only let go (what an
     * instance that died does to all its sessions; tests use it so).
     */
    void evict(McpSession session) {
        if (live.remove(session.id()) != null) {
            upstreams.sessionLeft(session.id());
            pending(session);
        }
    }

    /** Ended by another instance, which stored the end and ends its upstream sessions. */
    private void forget(McpSession session) {
        if (live.remove(session.id()) != null) {
            session.end(McpSession.CLOSED);
            session.inFlight().values().forEach(Cancellable::cancel);
            upstreams.sessionLeft(session.id());
            Channel stream = session.stream();
            if (stream != null) {
                stream.close();
            }
        }
    }

    private Uni<Void> expired(String id) {
        held(id).ifPresent(this::forget);
        return endUpstreams(id);
    }

    /** The upstream sessions stored for a session that ended, whichever instance opened them, end upstream now. */
    private Uni<Void> endUpstreams(String id) {
        return store.takeUpstreams(id).invoke(taken -> taken.forEach(upstreams::endUpstreamSession))
                .replaceWithVoid();
    }

    private void pending(McpSession session) {
        synchronized (pending) {
            pending.add(session);
        }
    }

    private MessageLog messageLog() {
        return new MessageLog(config.messageHistory(), config.messageBodyLimit());
    }

    private static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
