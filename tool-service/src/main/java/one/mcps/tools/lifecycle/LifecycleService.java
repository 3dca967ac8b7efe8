package one.mcps.tools.lifecycle;

import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.outbox.SqlOutbox;
import one.mcps.platform.security.Caller;
import one.mcps.tools.db.Database;
import one.mcps.tools.registry.Tool;
import one.mcps.tools.registry.ToolRepository;
import one.mcps.tools.registry.ToolService;

/**
 * Start, stop and restart as an operator asks: records whether the tool should run (so a restarted service
 * brings it back) and an audit event in one transaction, then, once that is committed, hands the work to the
 * {@link Supervisor}.
 */
@ApplicationScoped
public class LifecycleService {

    private final Database db;
    private final ToolRepository repository;
    private final Supervisor supervisor;
    private final SqlOutbox outbox;

    public LifecycleService(Database db, ToolRepository repository, Supervisor supervisor, SqlOutbox outbox) {
        this.db = db;
        this.repository = repository;
        this.supervisor = supervisor;
        this.outbox = outbox;
    }

    public Uni<ToolStatus> start(String idOrName, Caller caller) {
        return command(idOrName, caller, "tool.start", true, supervisor::start);
    }

    public Uni<ToolStatus> stop(String idOrName, Caller caller) {
        return command(idOrName, caller, "tool.stop", false, supervisor::stop);
    }

    public Uni<ToolStatus> restart(String idOrName, Caller caller) {
        return command(idOrName, caller, "tool.restart", true, supervisor::restart);
    }

    private Uni<ToolStatus> command(String idOrName, Caller caller, String action, boolean shouldRun,
            Function<Tool, ToolStatus> run) {
        return db.inTransaction(connection -> repository.findByIdOrName(connection, idOrName).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("No tool " + idOrName + "."))
                .call(tool -> {
                    if (shouldRun && !tool.enabled) {
                        throw ProblemException.conflict("Tool " + tool.name + " is disabled; enable it first.");
                    }
                    return repository.setDesiredRunning(connection, tool.id, shouldRun);
                })
                .call(tool -> outbox.enqueue(connection, ToolService.audit(caller, action, tool, Map.of()))))
                .map(run);
    }
}
