package one.mcps.proxy.sessions;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.security.Caller;
import one.mcps.platform.security.Roles;
import one.mcps.proxy.catalog.Catalog;
import one.mcps.proxy.catalog.Scope;
import one.mcps.proxy.downstream.ProtocolVersions;
import one.mcps.proxy.downstream.RouteGuard;

/**
 * The sessions API over this instance's sessions and the rows every instance shares: administrators and operators
 * (with an unscoped credential) see every session, everyone else only the sessions opened with the very credential
 * they call with ({@link Caller#sameCredential}): a scoped key sees neither its owner's JWT sessions nor another
 * key's. Any other session is as unknown as a made-up id. A session another instance holds is restored here to be
 * renamed or deleted; its message history stays with the instance that saw the messages.
 */
@ApplicationScoped
public class Sessions {

    private final SessionRegistry registry;
    private final SessionStore store;
    private final Catalog catalog;

    public Sessions(SessionRegistry registry, SessionStore store, Catalog catalog) {
        this.registry = registry;
        this.store = store;
        this.catalog = catalog;
    }

    public Uni<List<SessionView>> list(Caller caller, String state, int page, int size) {
        return registry.flush().chain(() -> store.page(seesAll(caller) ? null : caller, state, page, size))
                .map(rows -> rows.stream().map(r -> registry.held(r.id()).map(SessionView::of)
                        .orElseGet(() -> SessionView.of(r))).toList());
    }

    /**
     * A new session, already initialized and stored, that the client can use at its endpoint (on any instance) with
     * {@code Mcp-Session-Id}.
     */
    public Uni<SessionView> create(Caller caller, SessionRequest request) {
        SessionRequest given = request == null ? new SessionRequest(null, null, null, null) : request;
        Scope scope = given.server() == null ? Scope.ALL : Scope.of(given.server());
        if (!catalog.serves(caller, scope)) {
            return Uni.createFrom().failure(RouteGuard.noSuchServer(given.server()));
        }
        McpSession session = registry.create(caller, scope, McpSession.STREAMABLE);
        JsonObject client = new JsonObject().put("name", given.clientName() == null ? "rest" : given.clientName())
                .put("version", given.clientVersion() == null ? "" : given.clientVersion());
        session.initialize(ProtocolVersions.LATEST, client);
        session.markInitialized();
        if (given.name() != null) {
            session.rename(given.name());
        }
        return registry.opened(session).map(ignored -> SessionView.of(session));
    }

    public Uni<SessionView> get(Caller caller, String id) {
        McpSession held = registry.held(id).filter(s -> visible(caller, s.owner())).orElse(null);
        if (held != null) {
            return Uni.createFrom().item(SessionView.of(held));
        }
        return registry.flush().chain(() -> store.find(id))
                .map(row -> SessionView.of(row.filter(r -> visible(caller, r.owner())).orElseThrow(() -> notFound(id))));
    }

    public Uni<SessionView> rename(Caller caller, String id, SessionRequest request) {
        return active(caller, id).call(session -> registry.rename(session, request.name())).map(SessionView::of);
    }

    public Uni<Void> delete(Caller caller, String id) {
        return active(caller, id).chain(session -> registry.close(session, McpSession.CLOSED));
    }

    /** The messages this instance saw; another instance's are not here. */
    public SessionPage<MessageLog.Entry> messages(Caller caller, String id, int offset, int limit) {
        McpSession session = registry.held(id).filter(s -> visible(caller, s.owner()))
                .orElseThrow(() -> notFound(id));
        MessageLog log = session.messages();
        return new SessionPage<>(log.page(offset, limit), offset, limit, log.size());
    }

    /** An active session the caller may see, held here or restored from its row. */
    private Uni<McpSession> active(Caller caller, String id) {
        return registry.find(id).map(found -> found.filter(s -> visible(caller, s.owner()))
                .orElseThrow(() -> notFound(id)));
    }

    private static boolean visible(Caller caller, Caller opener) {
        return seesAll(caller) || caller.userId() != null && opener.userId() != null && opener.sameCredential(caller);
    }

    /** False for every scoped credential, whatever its owner's roles (the platform's rule). */
    private static boolean seesAll(Caller caller) {
        return caller.hasRole(Roles.OPERATOR);
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("No live session " + id + " that you may see.");
    }
}
