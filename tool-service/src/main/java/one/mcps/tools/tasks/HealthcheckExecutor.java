package one.mcps.tools.tasks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import one.mcps.tools.db.Database;
import one.mcps.tools.lifecycle.LifecycleService;
import one.mcps.tools.lifecycle.ToolStatus;
import one.mcps.tools.registry.ToolRepository;

/**
 * {@code tools.healthcheck}: every tool that should run (or the named ones) as its owner sees it, whose
 * pings are the health check; the attempt fails when one of them is not running.
 */
@ApplicationScoped
public class HealthcheckExecutor implements TaskExecutor {

    private final Database db;
    private final ToolRepository tools;
    private final LifecycleService lifecycle;

    public HealthcheckExecutor(Database db, ToolRepository tools, LifecycleService lifecycle) {
        this.db = db;
        this.tools = tools;
        this.lifecycle = lifecycle;
    }

    @Override
    public Set<String> types() {
        return Set.of(TaskTypes.TOOLS_HEALTHCHECK);
    }

    @Override
    public Uni<Map<String, Object>> execute(Task task, Progress progress) {
        List<String> names = TaskTypes.strings(task.params, "names");
        // each tool as its owner sees it (any instance may run this task)
        return (names.isEmpty() ? tools.findShouldRun(db.client()) : tools.findByNames(db.client(), names))
                .chain(list -> Multi.createFrom().iterable(list).onItem().transformToUniAndConcatenate(lifecycle::status)
                        .collect().asList())
                .map(statuses -> {
            Map<String, Object> states = new LinkedHashMap<>();
            int healthy = 0;
            for (ToolStatus status : statuses) {
                String state = status.state();
                healthy += "running".equals(state) ? 1 : 0;
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("state", state);
                entry.put("last_error", status.lastError());
                states.put(status.name(), entry);
            }
            List<ToolStatus> list = statuses;
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("checked", list.size());
            result.put("healthy", healthy);
            result.put("tools", states);
            if (healthy < list.size()) {
                throw new TaskFailed((list.size() - healthy) + " of " + list.size() + " tools are not running.", result);
            }
            return result;
        });
    }
}
