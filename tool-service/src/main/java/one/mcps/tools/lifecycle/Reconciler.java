package one.mcps.tools.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import one.mcps.tools.db.Database;
import one.mcps.tools.registry.ToolRepository;

/**
 * On start, makes the world match the registry: states left over from a previous run are reset (those processes
 * died with it), then every enabled tool that is {@code auto_start} or was running when the service went down is
 * started.
 */
@ApplicationScoped
public class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);

    private final Database db;
    private final ToolRepository repository;
    private final Supervisor supervisor;
    private final SupervisorConfig config;

    public Reconciler(Database db, ToolRepository repository, Supervisor supervisor, SupervisorConfig config) {
        this.db = db;
        this.repository = repository;
        this.supervisor = supervisor;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.reconcileOnStart()) {
            return;
        }
        db.inTransaction(connection -> repository.resetStates(connection)
                .chain(() -> repository.findShouldRun(connection)))
                .subscribe().with(tools -> tools.forEach(tool -> {
                    LOG.infof("Starting tool %s (%s)", tool.name, tool.autoStart ? "auto_start" : "was running");
                    supervisor.start(tool);
                }), failure -> LOG.errorf("Could not reconcile tools: %s", failure.getMessage()));
    }
}
