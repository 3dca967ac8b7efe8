package one.mcps.tools.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import one.mcps.tools.registry.ToolRepository;

/**
 * On start, makes the world match the registry: states left over from a previous run are reset (those processes
 * died with it), then every enabled tool that is {@code auto_start} or was running when the service went down is
 * started.
 */
@ApplicationScoped
public class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);

    private final ToolRepository repository;
    private final Supervisor supervisor;
    private final SupervisorConfig config;
    private final Vertx vertx;

    public Reconciler(ToolRepository repository, Supervisor supervisor, SupervisorConfig config, Vertx vertx) {
        this.repository = repository;
        this.supervisor = supervisor;
        this.config = config;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.reconcileOnStart()) {
            return;
        }
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(v -> Panache.withTransaction(
                () -> repository.update("state = 'stopped' where state <> 'stopped'")
                        .chain(repository::findShouldRun))
                .subscribe().with(tools -> tools.forEach(tool -> {
                    LOG.infof("Starting tool %s (%s)", tool.name, tool.autoStart ? "auto_start" : "was running");
                    supervisor.start(tool);
                }), failure -> LOG.errorf("Could not reconcile tools: %s", failure.getMessage())));
    }
}
