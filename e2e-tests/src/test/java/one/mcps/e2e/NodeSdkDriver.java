package one.mcps.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The official TypeScript clients (src/test/node/sdk-client.mjs): the v1 SDK over Streamable HTTP or legacy SSE,
 * or the v2 client in MCP 2026-07-28 mode.
 */
final class NodeSdkDriver implements McpDriver {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final String url;
    private final String transport;
    private final String generation;
    /** What an elicitation is accepted with (the client then declares the capability), or null. */
    private final Map<String, Object> elicit;
    private final boolean progress;

    NodeSdkDriver(Path root, String url, String transport) {
        this(root, url, transport, "v1", null, false);
    }

    private NodeSdkDriver(Path root, String url, String transport, String generation, Map<String, Object> elicit,
            boolean progress) {
        this.root = root;
        this.url = url;
        this.transport = transport;
        this.generation = generation;
        this.elicit = elicit;
        this.progress = progress;
    }

    /**
     * Both generations over Streamable HTTP, answering elicitations with {@code elicit} and asking for progress on
     * every call: v1 (stateful) or v2 (2026-07-28).
     */
    static NodeSdkDriver interactive(Path root, String url, String generation, Map<String, Object> elicit) {
        return new NodeSdkDriver(root, url, "http", generation, elicit, true);
    }

    @Override
    public String name() {
        return "v2".equals(generation) ? "TypeScript client v2 (2026-07-28)" : "TypeScript SDK over " + transport;
    }

    @Override
    public Observed run(String bearer, List<McpCall> calls) {
        return parse(report(bearer, calls));
    }

    /** Everything the client printed: the protocol version, its session (none in 2026-07-28), tools, outcomes. */
    JsonNode report(String bearer, List<McpCall> calls) {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("url", url);
        plan.put("transport", transport);
        plan.put("bearer", bearer);
        plan.put("calls", calls);
        plan.put("generation", generation);
        plan.put("progress", progress);
        if (elicit != null) {
            plan.put("elicit", elicit);
        }
        Path script = root.resolve("e2e-tests/src/test/node/sdk-client.mjs");
        try {
            Processes.Result r = Processes.run(List.of("node", script.toString()), script.getParent(),
                    Map.of("MCPS_E2E_PLAN", JSON.writeValueAsString(plan)), Duration.ofMinutes(2));
            if (r.exitCode() != 0) {
                throw new AssertionError(name() + " failed against " + url + ": " + r.describe());
            }
            return JSON.readTree(r.stdout().strip());
        } catch (java.io.IOException e) {
            throw new AssertionError(name() + " printed no JSON", e);
        }
    }

    static Observed parse(JsonNode out) {
        List<String> tools = new ArrayList<>();
        out.path("tools").forEach(t -> tools.add(t.asText()));
        List<CallOutcome> outcomes = new ArrayList<>();
        out.path("outcomes").forEach(o -> outcomes.add(new CallOutcome(o.path("tool").asText(),
                o.path("is_error").asBoolean(), o.path("text").asText(),
                o.path("protocol_error").isNull() ? null : o.path("protocol_error").asText())));
        return new Observed(tools, outcomes);
    }
}
