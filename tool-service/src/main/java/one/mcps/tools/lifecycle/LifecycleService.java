package one.mcps.tools.lifecycle;

import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.outbox.Outbox;
import one.mcps.platform.security.Caller;
import one.mcps.tools.registry.Tool;
import one.mcps.tools.registry.ToolRepository;
import one.mcps.tools.registry.ToolService;

/**
 * Start, stop and restart as an operator asks: records whether the tool should run (so a restarted service
 * brings it back) and an audit event in one transaction, then hands the work to the {@link Supervisor}.
 */
@ApplicationScoped
public class LifecycleService {

    private final ToolRepository repository;
    private final Supervisor supervisor;
    private final Outbox outbox;

    public LifecycleService(ToolRepository repository, Supervisor supervisor, Outbox outbox) {
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

    @WithTransaction
    Uni<ToolStatus> command(String idOrName, Caller caller, String action, boolean shouldRun,
            Function<Tool, ToolStatus> run) {
        return repository.findByIdOrName(idOrName).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("No tool " + idOrName + "."))
                .call(tool -> {
                    if (shouldRun && !tool.enabled) {
                        throw ProblemException.conflict("Tool " + tool.name + " is disabled; enable it first.");
                    }
                    return repository.update("desiredRunning = ?1 where id = ?2", shouldRun, tool.id);
                })
                .call(tool -> outbox.enqueue(ToolService.audit(caller, action, tool, Map.of())))
                .map(run);
    }
}
