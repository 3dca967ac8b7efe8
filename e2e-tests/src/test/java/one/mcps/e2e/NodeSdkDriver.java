package one.mcps.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The official TypeScript SDK client (src/test/node/sdk-client.mjs) over Streamable HTTP or legacy SSE. */
final class NodeSdkDriver implements McpDriver {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final String url;
    private final String transport;

    NodeSdkDriver(Path root, String url, String transport) {
        this.root = root;
        this.url = url;
        this.transport = transport;
    }

    @Override
    public String name() {
        return "TypeScript SDK over " + transport;
    }

    @Override
    public Observed run(String bearer, List<McpCall> calls) {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("url", url);
        plan.put("transport", transport);
        plan.put("bearer", bearer);
        plan.put("calls", calls);
        Path script = root.resolve("e2e-tests/src/test/node/sdk-client.mjs");
        try {
            Processes.Result r = Processes.run(List.of("node", script.toString()), script.getParent(),
                    Map.of("MCPS_E2E_PLAN", JSON.writeValueAsString(plan)), Duration.ofMinutes(2));
            if (r.exitCode() != 0) {
                throw new AssertionError(name() + " failed against " + url + ": " + r.describe());
            }
            return parse(JSON.readTree(r.stdout().strip()));
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
