package one.mcps.tools.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import one.mcps.platform.errors.Problem;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.errors.ProblemType;
import one.mcps.platform.events.AuditRecorded;
import one.mcps.platform.outbox.SqlOutbox;
import one.mcps.platform.security.Caller;
import one.mcps.platform.security.OutboundTargets;
import one.mcps.platform.security.Roles;
import one.mcps.tools.db.Database;
import one.mcps.tools.db.Page;
import one.mcps.tools.registry.ToolRepository.ToolFilter;

/** The registry's rules: who may define what, optimistic locking, and an audit event with every change. */
@ApplicationScoped
public class ToolService {

    private final Database db;
    private final ToolRepository repository;
    private final ToolDefinitions definitions;
    private final ToolTemplates templates;
    private final ToolDefaults defaults;
    private final SqlOutbox outbox;
    private final Event<ToolRemoved> removed;
    private final OutboundTargets outbound;

    public ToolService(Database db, ToolRepository repository, ToolDefinitions definitions, ToolTemplates templates,
            ToolDefaults defaults, SqlOutbox outbox, Event<ToolRemoved> removed, OutboundTargets outbound) {
        this.db = db;
        this.repository = repository;
        this.definitions = definitions;
        this.templates = templates;
        this.defaults = defaults;
        this.outbox = outbox;
        this.removed = removed;
        this.outbound = outbound;
    }

    public Uni<Page<Tool>> list(ToolFilter filter, int page, int size) {
        return repository.search(db.client(), filter, page, size);
    }

    public Uni<Tool> get(String idOrName) {
        return found(repository.findByIdOrName(db.client(), idOrName), idOrName);
    }

    public Uni<Tool> create(ToolRequest request, Caller caller) {
        ToolRequest base = request.template() == null ? defaults.asRequest()
                : templates.find(request.template())
                        .orElseThrow(() -> ProblemException.invalidField("template",
                                "is not in the catalog (GET /api/v1/tools/available)"))
                        .definition().over(defaults.asRequest());
        ToolRequest merged = request.over(base);
        definitions.checkComplete(merged);
        requireMayDefine(merged.transport(), caller);
        return allowedTarget(merged).chain(() -> db.inTransaction(connection -> repository
                .findByName(connection, merged.name()).chain(existing -> {
            if (existing != null) {
                throw ProblemException.conflict("A tool named " + merged.name() + " exists already.");
            }
            Tool tool = new Tool();
            tool.id = UUID.randomUUID();
            definitions.apply(merged, tool);
            tool.state = "stopped";
            tool.createdBy = caller.username();
            tool.createdAt = Instant.now();
            tool.updatedAt = tool.createdAt;
            return repository.insert(connection, tool)
                    .call(() -> outbox.enqueue(connection, audit(caller, "tool.create", tool, Map.of())))
                    .replaceWith(tool);
        })));
    }

    /**
     * Lays {@code request} over the stored definition. {@code expectedVersion} comes from If-Match or the body's
     * {@code version}; when given and stale, the write is refused.
     */
    public Uni<Tool> update(String idOrName, ToolRequest request, Long expectedVersion, Caller caller) {
        return db.inTransaction(connection -> locked(connection, idOrName).chain(tool -> {
            if (expectedVersion != null && expectedVersion != tool.version) {
                throw ProblemException.conflict("Tool " + tool.name + " is at version " + tool.version
                        + ", not " + expectedVersion + ": reload it and apply your change again.");
            }
            ToolRequest merged = request.over(ToolDefinitions.asRequest(tool));
            definitions.checkComplete(merged);
            requireMayDefine(tool.transport, caller);
            requireMayDefine(merged.transport(), caller);
            SecretDestinations.requireMaySend(tool, merged, caller);
            requireMayGrant(tool, merged, caller);
            if (!merged.name().equals(tool.name) && !"stopped".equals(tool.state) && !"failed".equals(tool.state)) {
                throw ProblemException.conflict("Stop tool " + tool.name + " before renaming it.");
            }
            Uni<Void> nameFree = merged.name().equals(tool.name) ? Uni.createFrom().voidItem()
                    : repository.findByName(connection, merged.name()).invoke(other -> {
                        if (other != null) {
                            throw ProblemException.conflict("A tool named " + merged.name() + " exists already.");
                        }
                    }).replaceWithVoid();
            return nameFree.chain(() -> allowedTarget(merged)).chain(() -> {
                definitions.apply(merged, tool);
                tool.updatedAt = Instant.now();
                return repository.update(connection, tool)
                        .call(() -> outbox.enqueue(connection, audit(caller, "tool.update", tool, Map.of())))
                        .replaceWith(tool);
            });
        }));
    }

    /** The tool is removed from the supervisor (stopped) once the deletion is committed. */
    public Uni<Tool> delete(String idOrName, Caller caller) {
        return db.inTransaction(connection -> locked(connection, idOrName).call(tool -> {
            requireMayDefine(tool.transport, caller);
            return repository.delete(connection, tool)
                    .call(() -> outbox.enqueue(connection, audit(caller, "tool.delete", tool, Map.of())));
        })).invoke(tool -> removed.fire(new ToolRemoved(tool)));
    }

    /** The tool, its row locked for the rest of the transaction, so nothing changes it between read and write. */
    private Uni<Tool> locked(SqlClient connection, String idOrName) {
        return found(repository.lockByIdOrName(connection, idOrName), idOrName);
    }

    private static Uni<Tool> found(Uni<Tool> lookup, String idOrName) {
        return lookup.onItem().ifNull().failWith(() -> ProblemException.notFound("No tool " + idOrName + "."));
    }

    /**
     * A remote tool's URL must be one the platform may call (not loopback, link-local, private... unless an admin
     * allow-listed it): 422 {@code outbound-target-refused} naming {@code url}. Checked on every save; the supervisor
     * checks again before each connection.
     */
    private Uni<Void> allowedTarget(ToolRequest merged) {
        if (Tool.STDIO.equals(merged.transport())) {
            return Uni.createFrom().voidItem();
        }
        URI target;
        try {
            target = new URI(merged.url());
        } catch (URISyntaxException e) {
            return Uni.createFrom().failure(ProblemException.invalidField("url", "is not a valid URL"));
        }
        return outbound.check(target).onFailure(ProblemException.class).transform(failure -> {
            ProblemException refused = (ProblemException) failure;
            return new ProblemException(refused.type(), refused.getMessage(),
                    List.of(new Problem.FieldError("url", refused.getMessage())), Map.of());
        });
    }

    /**
     * Who may use a tool (and so its stored credentials, through the proxy) is not for someone outside that circle to
     * widen: a non-admin changes {@code allowed_roles} only of a tool they may use already.
     */
    private static void requireMayGrant(Tool stored, ToolRequest merged, Caller caller) {
        if (caller.hasRole(Roles.ADMIN) || new HashSet<>(stored.allowedRoles).equals(new HashSet<>(merged.allowedRoles()))
                || ToolAccess.mayUse(caller, stored)) {
            return;
        }
        String detail = "You may not use tool " + stored.name + ", so you may not change who may (allowed_roles).";
        throw new ProblemException(ProblemType.FORBIDDEN, detail,
                List.of(new Problem.FieldError("allowed_roles", "only an admin or a user of the tool may change it")),
                Map.of());
    }

    /** Running a command on this host is an admin's decision; remote servers an operator may define. */
    private static void requireMayDefine(String transport, Caller caller) {
        if (Tool.STDIO.equals(transport) && !caller.hasRole(Roles.ADMIN)) {
            throw ProblemException.forbidden("Only an admin may create or change a stdio tool: it runs a command "
                    + "on the host.");
        }
    }

    /** An audit event naming the tool and, for secrets, only which names are set, never a value. */
    public static AuditRecorded audit(Caller caller, String action, Tool tool, Map<String, Object> extra) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", tool.name);
        details.put("transport", tool.transport);
        details.put("version", tool.version);
        details.put("env_names", tool.env.keySet());
        details.put("header_names", tool.headers.keySet());
        details.putAll(extra);
        return new AuditRecorded(caller.userId(), caller.username(), action, "tool", tool.id.toString(),
                AuditRecorded.SUCCESS, null, details, Instant.now());
    }
}
