package one.mcps.proxy.sessions;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
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
 * The sessions API over the live registry and the durable table: administrators and operators (with an unscoped
 * credential) see every session, everyone else only the sessions opened with the very credential they call with
 * ({@link Caller#sameCredential}): a scoped key sees neither its owner's JWT sessions nor another key's. Any other
 * session is as unknown as a made-up id.
 */
@ApplicationScoped
public class Sessions {

    private final SessionRegistry registry;
    private final SessionRepository repository;
    private final Catalog catalog;

    public Sessions(SessionRegistry registry, SessionRepository repository, Catalog catalog) {
        this.registry = registry;
        this.repository = repository;
        this.catalog = catalog;
    }

    @WithSession
    public Uni<List<SessionView>> list(Caller caller, String state, int page, int size) {
        return registry.flush().chain(() -> repository.page(seesAll(caller) ? null : caller, state, page, size))
                .map(rows -> rows.stream().map(r -> registry.find(r.id).map(SessionView::of)
                        .orElseGet(() -> SessionView.of(r))).toList());
    }

    /** A new session, already initialized, that the client can use at its endpoint with {@code Mcp-Session-Id}. */
    public SessionView create(Caller caller, SessionRequest request) {
        SessionRequest given = request == null ? new SessionRequest(null, null, null, null) : request;
        Scope scope = given.server() == null ? Scope.ALL : Scope.of(given.server());
        if (!catalog.serves(caller, scope)) {
            throw RouteGuard.noSuchServer(given.server());
        }
        McpSession session = registry.create(caller, scope, McpSession.STREAMABLE);
        JsonObject client = new JsonObject().put("name", given.clientName() == null ? "rest" : given.clientName())
                .put("version", given.clientVersion() == null ? "" : given.clientVersion());
        session.initialize(ProtocolVersions.LATEST, client);
        session.markInitialized();
        if (given.name() != null) {
            session.rename(given.name());
        }
        return SessionView.of(session);
    }

    @WithSession
    public Uni<SessionView> get(Caller caller, String id) {
        McpSession live = liveSession(caller, id);
        if (live != null) {
            return Uni.createFrom().item(SessionView.of(live));
        }
        return registry.flush().chain(() -> repository.findById(id))
                .map(row -> {
                    if (row == null || !(seesAll(caller)
                            || caller.userId() != null && opener(row).sameCredential(caller))) {
                        throw notFound(id);
                    }
                    return SessionView.of(row);
                });
    }

    public SessionView rename(Caller caller, String id, SessionRequest request) {
        McpSession session = live(caller, id);
        session.rename(request.name());
        return SessionView.of(session);
    }

    public void delete(Caller caller, String id) {
        registry.close(live(caller, id), McpSession.CLOSED);
    }

    public SessionPage<MessageLog.Entry> messages(Caller caller, String id, int offset, int limit) {
        MessageLog log = live(caller, id).messages();
        return new SessionPage<>(log.page(offset, limit), offset, limit, log.size());
    }

    private McpSession live(Caller caller, String id) {
        McpSession session = liveSession(caller, id);
        if (session == null) {
            throw notFound(id);
        }
        return session;
    }

    private McpSession liveSession(Caller caller, String id) {
        return (seesAll(caller) ? registry.find(id) : registry.find(id, caller)).orElse(null);
    }

    /** False for every scoped credential, whatever its owner's roles (the platform's rule). */
    private static boolean seesAll(Caller caller) {
        return caller.hasRole(Roles.OPERATOR);
    }

    private static Caller opener(SessionRecord row) {
        return new Caller(row.userId, row.username, Set.of(), row.apiKeyId, null);
    }

    private static ProblemException notFound(String id) {
        return ProblemException.notFound("No live session " + id + " that you may see.");
    }
}
