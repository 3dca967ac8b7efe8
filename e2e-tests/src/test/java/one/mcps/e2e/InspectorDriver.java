package one.mcps.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The MCP Inspector in CLI mode (one process per method, as a user scripts it). It runs from a fresh temp folder:
 * which package.json it loads depends on the parent of its working directory.
 */
final class InspectorDriver implements McpDriver {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path bin;
    private final String url;

    InspectorDriver(Path root, String url) {
        this.bin = root.resolve("deploy/npm/node_modules/.bin/mcp-inspector");
        this.url = url;
    }

    @Override
    public String name() {
        return "MCP Inspector CLI";
    }

    @Override
    public Observed run(String bearer, List<McpCall> calls) {
        try {
            Path work = Files.createTempDirectory("mcps-e2e-inspector");
            Map<String, String> env = Map.of("MCP_CATALOG_PATH", work.resolve("catalog.json").toString());
            JsonNode list = parse(invoke(work, env, bearer, List.of("--method", "tools/list")), "tools/list");
            List<String> tools = new ArrayList<>();
            list.path("tools").forEach(t -> tools.add(t.path("name").asText()));
            List<CallOutcome> outcomes = new ArrayList<>();
            for (McpCall call : calls) {
                Processes.Result r = invoke(work, env, bearer, List.of("--method", "tools/call", "--tool-name",
                        call.tool(), "--tool-args-json", JSON.writeValueAsString(call.arguments())));
                outcomes.add(outcome(call.tool(), r));
            }
            return new Observed(tools, outcomes);
        } catch (IOException e) {
            throw new AssertionError(name() + ": cannot prepare its folder", e);
        }
    }

    private Processes.Result invoke(Path work, Map<String, String> env, String bearer, List<String> method) {
        List<String> command = new ArrayList<>(List.of(bin.toString(), "--cli", url, "--transport", "http",
                "--header", "Authorization: Bearer " + bearer));
        command.addAll(method);
        return Processes.run(command, work, env, Duration.ofMinutes(1));
    }

    private JsonNode parse(Processes.Result r, String method) {
        try {
            if (r.exitCode() == 0) {
                return JSON.readTree(r.stdout());
            }
        } catch (IOException e) {
            throw new AssertionError(name() + " " + method + " printed no JSON: " + r.describe(), e);
        }
        throw new AssertionError(name() + " " + method + " against " + url + " failed: " + r.describe());
    }

    private static CallOutcome outcome(String tool, Processes.Result r) {
        try {
            JsonNode result = JSON.readTree(r.stdout());
            if (result != null && result.has("content")) {
                StringBuilder text = new StringBuilder();
                result.path("content").forEach(c -> text.append(c.path("text").asText()).append('\n'));
                return new CallOutcome(tool, result.path("isError").asBoolean(), text.toString().strip(), null);
            }
        } catch (IOException e) {
            // Not a result: the Inspector reports a protocol error on stderr, kept below.
        }
        return new CallOutcome(tool, false, "", (r.stderr() + r.stdout()).strip());
    }
}
