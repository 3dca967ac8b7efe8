package one.mcps.tools.tasks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import one.mcps.platform.security.Caller;
import one.mcps.platform.security.Roles;
import one.mcps.tools.db.Database;
import one.mcps.tools.lifecycle.LifecycleService;
import one.mcps.tools.lifecycle.ToolStatus;
import one.mcps.tools.registry.Tool;
import one.mcps.tools.registry.ToolRepository;

/**
 * {@code tools.start|stop|restart} by names or tags, one tool after the other through the same
 * {@link LifecycleService} an operator uses; a tool counts as done once its owner reports it settled.
 */
@ApplicationScoped
public class ToolLifecycleExecutor implements TaskExecutor {

    private static final Set<String> STARTED = Set.of("running", "unhealthy", "failed");
    private static final Set<String> STOPPED = Set.of("stopped", "failed");

    private final Database db;
    private final ToolRepository tools;
    private final LifecycleService lifecycle;
    private final Duration settlePoll;

    public ToolLifecycleExecutor(Database db, ToolRepository tools, LifecycleService lifecycle, TasksConfig config) {
        this.db = db;
        this.tools = tools;
        this.lifecycle = lifecycle;
        this.settlePoll = config.settlePoll();
    }

    @Override
    public Set<String> types() {
        return Set.of(TaskTypes.TOOLS_START, TaskTypes.TOOLS_STOP, TaskTypes.TOOLS_RESTART);
    }

    @Override
    public Uni<Map<String, Object>> execute(Task task, Progress progress) {
        Caller caller = new Caller(null, "task:" + task.name, Set.of(Roles.SERVICE), null, null);
        return resolve(task).chain(targets -> {
            Map<String, Object> outcome = new LinkedHashMap<>();
            Uni<Void> chain = progress.report(0, targets.size());
            for (int i = 0; i < targets.size(); i++) {
                String name = targets.get(i);
                int done = i + 1;
                chain = chain.chain(() -> command(task.type, name, caller))
                        .chain(() -> settled(task.type, name))
                        .invoke(state -> outcome.put(name, state))
                        .chain(() -> progress.report(done, targets.size()));
            }
            return chain.map(ignored -> {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("total", targets.size());
                result.put("tools", outcome);
                if (outcome.containsValue("failed")) {
                    throw new TaskFailed("Some tools failed: " + outcome, result);
                }
                return result;
            });
        });
    }

    private Uni<List<String>> resolve(Task task) {
        List<String> names = TaskTypes.strings(task.params, "names");
        List<String> tags = TaskTypes.strings(task.params, "tags");
        return tools.listAll(db.client()).map(all -> {
            List<String> targets = new ArrayList<>();
            List<String> unknown = new ArrayList<>(names);
            for (Tool tool : all) {
                unknown.remove(tool.name);
                if (names.contains(tool.name) || tool.tags.stream().anyMatch(tags::contains)) {
                    targets.add(tool.name);
                }
            }
            if (!unknown.isEmpty()) {
                throw new TaskFailed("No such tools: " + unknown, null);
            }
            return targets;
        });
    }

    private Uni<ToolStatus> command(String type, String name, Caller caller) {
        return switch (type) {
            case TaskTypes.TOOLS_START -> lifecycle.start(name, caller);
            case TaskTypes.TOOLS_STOP -> lifecycle.stop(name, caller);
            default -> lifecycle.restart(name, caller);
        };
    }

    private Uni<String> settled(String type, String name) {
        Set<String> done = TaskTypes.TOOLS_STOP.equals(type) ? STOPPED : STARTED;
        // the status as the tool's owner reports it: the tool may run on another instance than this task
        return Multi.createBy().repeating()
                .uni(() -> lifecycle.status(name).map(ToolStatus::state))
                .withDelay(settlePoll).whilst(state -> !done.contains(state))
                .select().last().toUni();
    }
}
