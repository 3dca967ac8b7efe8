package one.mcps.observability.tasks;

/** The task states an executor reports (tool-service owns the full set). */
final class TaskChangedState {

    static final String RUNNING = "running";
    static final String SUCCEEDED = "succeeded";
    static final String FAILED = "failed";
    static final String CANCELLED = "cancelled";

    private TaskChangedState() {
    }
}
