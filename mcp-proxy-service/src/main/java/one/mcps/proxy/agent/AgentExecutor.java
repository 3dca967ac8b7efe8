package one.mcps.proxy.agent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.security.Caller;
import one.mcps.proxy.agent.AgentResult.StepResult;
import one.mcps.proxy.rest.ToolCalls;

/** Runs an {@link AgentPlan} step by step, resolving references to earlier results before each call. */
@ApplicationScoped
public class AgentExecutor {

    static final String STEP = "$step";
    static final String POINTER = "$pointer";

    private final ToolCalls calls;

    public AgentExecutor(ToolCalls calls) {
        this.calls = calls;
    }

    /**
     * Runs the plan. A reference to a step that is not an earlier one is a broken plan, refused (400) before any
     * step runs, so no tool is called for a plan that could not finish; what a pointer finds is known only at its
     * step.
     */
    public Uni<AgentResult> execute(Caller caller, AgentPlan plan) {
        for (int index = 0; index < plan.steps().size(); index++) {
            checkReferences(plan.steps().get(index).arguments(), "steps[" + index + "].arguments", index);
        }
        return run(caller, plan, 0, new ArrayList<>(), new ArrayList<>(), false);
    }

    private static void checkReferences(Object value, String field, int index) {
        if (value instanceof Map<?, ?> map) {
            if (map.containsKey(STEP)) {
                if (!(map.get(STEP) instanceof Number n) || n.intValue() < 0 || n.intValue() >= index) {
                    throw ProblemException.invalidField(field,
                            "$step must name an earlier step (0.." + (index - 1) + ")");
                }
                return;
            }
            map.forEach((key, item) -> checkReferences(item, field + "." + key, index));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                checkReferences(list.get(i), field + "[" + i + "]", index);
            }
        }
    }

    private Uni<AgentResult> run(Caller caller, AgentPlan plan, int index, List<JsonObject> results,
            List<StepResult> done, boolean stopped) {
        if (index == plan.steps().size()) {
            boolean success = done.stream().allMatch(s -> AgentResult.OK.equals(s.status()));
            return Uni.createFrom().item(new AgentResult(success, List.copyOf(done)));
        }
        AgentPlan.Step step = plan.steps().get(index);
        if (stopped) {
            done.add(new StepResult(index, step.tool(), AgentResult.SKIPPED, null, null, 0));
            results.add(null);
            return run(caller, plan, index + 1, results, done, true);
        }
        long started = System.nanoTime();
        Uni<JsonObject> call;
        try {
            call = calls.call(caller, step.tool(), resolve(step.arguments(), results, index));
        } catch (ProblemException e) {
            call = Uni.createFrom().failure(e);
        }
        return call.onItemOrFailure().transformToUni((result, failure) -> {
            long ms = (System.nanoTime() - started) / 1_000_000;
            boolean failed = failure != null || Boolean.TRUE.equals(result.getBoolean("isError"));
            done.add(new StepResult(index, step.tool(), failed ? AgentResult.ERROR : AgentResult.OK,
                    result == null ? null : result.getMap(), failure == null ? null : failure.getMessage(), ms));
            results.add(result);
            return run(caller, plan, index + 1, results, done, failed && !plan.continuing());
        });
    }

    /**
     * Replaces each {@code {"$step": n, "$pointer": "/..."}} by the value it points at, wherever it sits in the
     * arguments (a tool may want it inside an object or a list).
     */
    private static Map<String, Object> resolve(Map<String, Object> arguments, List<JsonObject> results, int index) {
        Map<String, Object> resolved = new HashMap<>();
        if (arguments != null) {
            arguments.forEach((name, value) -> resolved.put(name,
                    resolved(value, "steps[" + index + "].arguments." + name, results)));
        }
        return resolved;
    }

    private static Object resolved(Object value, String field, List<JsonObject> results) {
        if (value instanceof Map<?, ?> map) {
            if (map.containsKey(STEP)) {
                return lookup(field, map, results);
            }
            Map<String, Object> inner = new HashMap<>();
            map.forEach((key, item) -> inner.put(key.toString(), resolved(item, field + "." + key, results)));
            return inner;
        }
        if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                items.add(resolved(list.get(i), field + "[" + i + "]", results));
            }
            return items;
        }
        return value;
    }

    /** The value a checked reference points at; its step ran (a skipped one has no result). */
    private static Object lookup(String field, Map<?, ?> ref, List<JsonObject> results) {
        int step = ((Number) ref.get(STEP)).intValue();
        JsonObject source = results.get(step);
        if (source == null) {
            throw ProblemException.invalidField(field, "step " + step + " has no result");
        }
        Object pointer = ref.get(POINTER);
        String path = pointer == null ? "" : pointer.toString();
        try {
            Object value = JsonPointer.from(path).queryJson(source);
            if (value instanceof JsonObject json) {
                return json.getMap();
            }
            return value instanceof JsonArray array ? array.getList() : value;
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField(field,
                    "$pointer is not a JSON Pointer: " + path);
        }
    }
}
