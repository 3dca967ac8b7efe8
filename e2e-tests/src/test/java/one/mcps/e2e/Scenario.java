package one.mcps.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The calls every client makes (step 3) and what a user must see for each: echo, get-sum, a memory write then read,
 * a filesystem read inside the allowed folder and one outside it (refused with the server's own error).
 */
final class Scenario {

    static final List<String> SERVERS = List.of("everything", "memory", "filesystem");
    static final String FILE_NAME = "hello.txt";
    static final String FILE_TEXT = "hello from the MCPS.ONE acceptance suite";
    /** What @modelcontextprotocol/server-filesystem answers for a path outside its allowed folders. */
    static final String OUTSIDE_ERROR = "outside allowed directories";

    private final String label;
    private final Path allowedFolder;
    private final Path outsideFile;

    Scenario(String label, Path allowedFolder, Path outsideFile) {
        this.label = label.replaceAll("[^A-Za-z0-9]+", "-");
        this.allowedFolder = allowedFolder;
        this.outsideFile = outsideFile;
    }

    List<McpCall> calls() {
        return List.of(
                new McpCall("everything__echo", Map.of("message", "echo from " + label)),
                new McpCall("everything__get-sum", Map.of("a", 2, "b", 3)),
                new McpCall("memory__create_entities", Map.of("entities", List.of(Map.of("name", entity(),
                        "entityType", "client", "observations", List.of("observed by " + label))))),
                new McpCall("memory__open_nodes", Map.of("names", List.of(entity()))),
                new McpCall("filesystem__read_text_file", Map.of("path", allowedFolder.resolve(FILE_NAME).toString())),
                new McpCall("filesystem__read_text_file", Map.of("path", outsideFile.toString())));
    }

    /** Every check of step 3 on what one client saw; all problems at once, so one run names them all. */
    void verify(String client, Observed seen) {
        List<String> problems = new ArrayList<>();
        for (String required : List.of("everything__echo", "everything__get-sum", "memory__create_entities",
                "memory__open_nodes", "filesystem__read_text_file")) {
            if (!seen.tools().contains(required)) {
                problems.add("tools/list lacks " + required);
            }
        }
        seen.tools().stream().filter(t -> SERVERS.stream().noneMatch(s -> t.startsWith(s + "__")))
                .forEach(t -> problems.add("tools/list has a tool not namespaced by one of " + SERVERS + ": " + t));
        List<CallOutcome> o = seen.outcomes();
        if (o.size() != 6) {
            problems.add("expected 6 call outcomes, got " + o.size());
        } else {
            succeeded(problems, o.get(0), "echo from " + label);
            succeeded(problems, o.get(1), "5");
            succeeded(problems, o.get(2), entity());
            succeeded(problems, o.get(3), "observed by " + label);
            succeeded(problems, o.get(4), FILE_TEXT);
            CallOutcome outside = o.get(5);
            String said = outside.text() + " " + (outside.protocolError() == null ? "" : outside.protocolError());
            if (!outside.failed() || !said.contains(OUTSIDE_ERROR)) {
                problems.add("reading " + outsideFile + " outside the allowed folder: expected the server's error '"
                        + OUTSIDE_ERROR + "', got " + outside.describe());
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(client + ":\n  " + String.join("\n  ", problems) + "\n  tools seen: "
                    + seen.tools());
        }
    }

    private String entity() {
        return "e2e-" + label;
    }

    private static void succeeded(List<String> problems, CallOutcome o, String expectedText) {
        if (o.failed() || !o.text().contains(expectedText)) {
            problems.add(o.tool() + ": expected a result containing '" + expectedText + "', got " + o.describe());
        }
    }
}
