package one.mcps.tools.tasks;

import java.util.Map;

/** An attempt that ran to its end but failed; the result it produced is still worth keeping. */
public class TaskFailed extends RuntimeException {

    private final transient Map<String, Object> result;

    public TaskFailed(String message, Map<String, Object> result) {
        super(message, null, false, false);
        this.result = result;
    }

    public Map<String, Object> result() {
        return result;
    }
}
