package one.mcps.proxy.agent;

import java.util.List;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The outcome of a plan: each step's result (or error) and time, in order; skipped steps after a stop. */
@RegisterForReflection
public record AgentResult(boolean success, List<StepResult> steps) {

    public static final String OK = "ok";
    public static final String ERROR = "error";
    public static final String SKIPPED = "skipped";

    @RegisterForReflection
    public record StepResult(int index, String tool, String status, Map<String, Object> result, String error,
            long durationMs) {
    }
}
