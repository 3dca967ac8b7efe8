package one.mcps.tools.tasks;

import java.util.Map;
import java.util.Set;

import io.smallrye.mutiny.Uni;

/** Runs one attempt of the task types it names, inside tool-service. Cancelling the Uni stops the work. */
public interface TaskExecutor {

    Set<String> types();

    /** The result stored on success; a failure's message (and {@link TaskFailed#result()}) is stored instead. */
    Uni<Map<String, Object>> execute(Task task, Progress progress);

    @FunctionalInterface
    interface Progress {
        Uni<Void> report(int done, int total);
    }
}
