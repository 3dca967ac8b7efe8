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

    public Uni<AgentResult> execute(Caller caller, AgentPlan plan) {
        return run(caller, plan, 0, new ArrayList<>(), new ArrayList<>(), false);
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
                    resolved(value, "steps[" + index + "].arguments." + name, results, index)));
        }
        return resolved;
    }

    private static Object resolved(Object value, String field, List<JsonObject> results, int index) {
        if (value instanceof Map<?, ?> map) {
            if (map.containsKey(STEP)) {
                return lookup(field, map, results, index);
            }
            Map<String, Object> inner = new HashMap<>();
            map.forEach((key, item) -> inner.put(key.toString(), resolved(item, field + "." + key, results, index)));
            return inner;
        }
        if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                items.add(resolved(list.get(i), field + "[" + i + "]", results, index));
            }
            return items;
        }
        return value;
    }

    private static Object lookup(String field, Map<?, ?> ref, List<JsonObject> results, int index) {
        Object step = ref.get(STEP);
        if (!(step instanceof Number n) || n.intValue() < 0 || n.intValue() >= index) {
            throw ProblemException.invalidField(field,
                    "$step must name an earlier step (0.." + (index - 1) + ")");
        }
        JsonObject source = results.get(n.intValue());
        if (source == null) {
            throw ProblemException.invalidField(field,
                    "step " + n.intValue() + " has no result");
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
