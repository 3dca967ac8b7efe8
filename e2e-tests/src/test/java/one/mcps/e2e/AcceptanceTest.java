package one.mcps.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The acceptance suite of issue 9: the whole platform as a user meets it, through the gateway's public port only,
 * with MCP clients this project did not write, against real MCP servers from npm. Steps run in order and share what
 * earlier steps created; each prints its number, name and time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AcceptanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_DEADLINE = Duration.ofSeconds(90);
    private static final Duration INGEST_DEADLINE = Duration.ofSeconds(30);
    /** Step 8: how soon after logout every service must refuse the token (the "within a second"). */
    private static final Duration REVOCATION_DEADLINE = Duration.ofSeconds(1);

    private final E2eStack stack = new E2eStack();
    private final Api api = new Api(stack.gatewayUrl());
    private Path allowedFolder;
    private Path outsideFolder;
    private Path memoryFolder;
    private String adminToken;
    private String viewerKey;
    private String operatorPassword;
    private LiveStream live;
    private String liveFailure = "not connected";
    private final Set<Long> toolPids = new HashSet<>();
    private int callsMade;
    private boolean stopped;

    @BeforeAll
    void bringUp() throws Exception {
        allowedFolder = Files.createTempDirectory("mcps-e2e-fs");
        Files.writeString(allowedFolder.resolve(Scenario.FILE_NAME), Scenario.FILE_TEXT);
        outsideFolder = Files.createTempDirectory("mcps-e2e-outside");
        Files.writeString(outsideFolder.resolve("secret.txt"), "not for MCP clients");
        memoryFolder = Files.createTempDirectory("mcps-e2e-memory");
        long start = System.nanoTime();
        stack.startFresh();
        System.out.printf("[e2e] stack up on %s (run dir %s) in %.1f s%n", stack.gatewayUrl(), stack.runDir,
                (System.nanoTime() - start) / 1e9);
    }

    @AfterAll
    void tearDown() throws IOException {
        if (live != null) {
            live.close();
        }
        if (!stopped) {
            System.out.println(stack.down().stdout());
        }
        for (Path dir : new Path[] { allowedFolder, outsideFolder, memoryFolder }) {
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Test
    @Order(10)
    void step1_usersAndKeys() throws Exception {
        Steps.step(1, "admin login, operator and viewer, viewer API key scoped to one server", () -> {
            adminToken = api.login("admin", stack.adminPassword);
            openLiveStream();
            String password = "e2e-password-" + System.nanoTime();
            api.createUser(adminToken, "e2e-operator", password, "operator");
            api.createUser(adminToken, "e2e-viewer", password, "viewer");
            api.login("e2e-operator", password);
            operatorPassword = password;
            String viewerToken = api.login("e2e-viewer", password);
            Response key = api.createApiKey(viewerToken, "e2e viewer key", List.of("everything"));
            viewerKey = key.jsonPath().getString("key");
            assertEquals(List.of("everything"), key.jsonPath().getList("servers"), "the key's server scope");
        });
    }

    @Test
    @Order(15)
    void step1b_connectCommand() throws Exception {
        Steps.step(1, "./mcps connect claude|cursor|vscode prints a configuration whose key works", () -> {
            String mcpUrl = stack.gatewayUrl() + "/mcp";
            for (String client : List.of("claude", "cursor", "vscode")) {
                Processes.Result r = stack.mcps(Duration.ofMinutes(1), Map.of("MCPS_USER", "e2e-operator",
                        "MCPS_PASSWORD", operatorPassword, "MCPS_GATEWAY_URL", stack.gatewayUrl()), "connect", client);
                if (r.exitCode() != 0) {
                    throw new AssertionError("./mcps connect " + client + " failed: " + r.describe());
                }
                JsonNode config;
                try {
                    config = JSON.readTree(r.stdout());
                } catch (IOException e) {
                    throw new AssertionError("./mcps connect " + client + " printed no JSON: " + r.describe(), e);
                }
                String authorization = ConnectConfigs.authorization(client, config, mcpUrl);
                Response me = api.anonymous().header("Authorization", authorization).get("/api/v1/auth/me");
                Api.expect(me, 200, "GET /api/v1/auth/me with the key of ./mcps connect " + client);
                assertEquals("e2e-operator", me.jsonPath().getString("username"), "the key's owner");
                Api.expect(api.anonymous().header("Authorization", authorization)
                        .header("Accept", "application/json, text/event-stream").body(initializeRequest())
                        .post("/mcp"), 200, "POST /mcp initialize with the key of ./mcps connect " + client);
            }
        });
    }

    @Test
    @Order(20)
    void step2_registerAndStartServers() throws Exception {
        Steps.step(2, "register everything, memory (from the catalog) and filesystem; start; wait for running", () -> {
            Path bin = stack.root.resolve("deploy/npm/node_modules/.bin");
            register(Map.of("name", "everything", "transport", "stdio",
                    "command", bin.resolve("mcp-server-everything").toString(), "args", List.of("stdio")));
            register(fromCatalog("memory", Map.of("MEMORY_FILE_PATH",
                    memoryFolder.resolve("memory.jsonl").toString())));
            register(Map.of("name", "filesystem", "transport", "stdio",
                    "command", bin.resolve("mcp-server-filesystem").toString(),
                    "args", List.of(allowedFolder.toString())));
            for (String server : Scenario.SERVERS) {
                Api.expect(api.as(adminToken).post("/api/v1/tools/" + server + "/start"), 202,
                        "POST /api/v1/tools/" + server + "/start");
            }
            for (String server : Scenario.SERVERS) {
                waitRunning(server, -1);
            }
            long running = System.nanoTime();
            Eventually.until("the aggregated catalog at /mcp lists the tools of all three servers", START_DEADLINE,
                    () -> {
                        List<String> tools = rawToolNames();
                        return Scenario.SERVERS.stream().allMatch(s -> tools.stream()
                                .anyMatch(t -> t.startsWith(s + "__"))) ? null : "tools/list: " + tools;
                    });
            System.out.printf("[e2e]   /mcp listed all three servers %.1f s after tool-service said running%n",
                    (System.nanoTime() - running) / 1e9);
        });
    }

    @Test
    @Order(30)
    void step3_realClients() throws Exception {
        Steps.step(3, "TypeScript SDK (Streamable HTTP, SSE), Inspector CLI and Java SDK list and call", () -> {
            String url = stack.gatewayUrl();
            List<McpDriver> drivers = List.of(new NodeSdkDriver(stack.root, url + "/mcp", "http"),
                    new NodeSdkDriver(stack.root, url + "/sse", "sse"), new InspectorDriver(stack.root, url + "/mcp"),
                    new JavaSdkDriver(url));
            List<String> failures = new ArrayList<>();
            for (McpDriver driver : drivers) {
                long start = System.nanoTime();
                Scenario scenario = new Scenario(driver.name(), allowedFolder, outsideFolder.resolve("secret.txt"));
                try {
                    Observed seen = driver.run(adminToken, scenario.calls());
                    scenario.verify(driver.name(), seen);
                    callsMade += seen.outcomes().size();
                    System.out.printf("[e2e]   %s: %d tools, 6 calls ok in %.1f s%n", driver.name(),
                            seen.tools().size(), (System.nanoTime() - start) / 1e9);
                } catch (AssertionError | RuntimeException e) {
                    System.out.printf("[e2e]   %s: FAILED%n", driver.name());
                    failures.add(e.getMessage());
                }
            }
            if (!failures.isEmpty()) {
                throw new AssertionError(String.join("\n\n", failures));
            }
        });
    }

    /**
     * Issue 18: the two generations of the official TypeScript client side by side on the real npm servers. The v2
     * client speaks 2026-07-28 (no initialize, no session): the elicitation of the stdio server reaches it as an
     * InputRequiredResult, which it answers and retries; the v1 client answers the same elicitation on its session.
     */
    @Test
    @Order(35)
    void step3_bothClientGenerations() throws Exception {
        Steps.step(3, "TypeScript clients v1 (stateful) and v2 (2026-07-28): list, call, progress, elicitation", () -> {
            List<String> failures = new ArrayList<>();
            for (String generation : List.of("v1", "v2")) {
                String name = generation + " client";
                JsonNode report = NodeSdkDriver.interactive(stack.root, stack.gatewayUrl() + "/mcp", generation,
                        Map.of("name", name)).report(adminToken, List.of(
                                new McpCall("everything__echo", Map.of("message", "from " + name)),
                                new McpCall("everything__trigger-long-running-operation",
                                        Map.of("duration", 1, "steps", 2)),
                                new McpCall("everything__trigger-elicitation-request", Map.of())));
                List<String> seen = new ArrayList<>();
                report.path("tools").forEach(t -> seen.add(t.asText()));
                JsonNode echo = report.path("outcomes").path(0);
                JsonNode longRun = report.path("outcomes").path(1);
                JsonNode elicited = report.path("outcomes").path(2);
                boolean stateless = "v2".equals(generation);
                List<String> wrong = new ArrayList<>();
                if (!seen.contains("everything__trigger-elicitation-request")) {
                    wrong.add("tools/list lacks everything__trigger-elicitation-request: " + seen);
                }
                if (stateless != "2026-07-28".equals(report.path("version").asText())
                        || stateless != report.path("session").isNull()) {
                    wrong.add("protocol " + report.path("version") + ", session " + report.path("session"));
                }
                if (!echo.path("text").asText().contains("from " + name)) {
                    wrong.add("echo: " + echo);
                }
                if (!longRun.path("text").asText().contains("completed") || longRun.path("progress").asInt() < 2) {
                    wrong.add("long-running operation (2 progress notifications expected): " + longRun);
                }
                if (!elicited.path("text").asText().contains("Name: " + name)) {
                    wrong.add("elicitation answered with name '" + name + "': " + elicited);
                }
                if (wrong.isEmpty()) {
                    callsMade += 3;
                    System.out.printf("[e2e]   %s: protocol %s, %d tools, echo, progress %d, elicitation ok%n", name,
                            report.path("version").asText(), seen.size(), longRun.path("progress").asInt());
                } else {
                    failures.add(name + ": " + String.join("; ", wrong));
                }
            }
            if (!failures.isEmpty()) {
                throw new AssertionError(String.join("\n", failures));
            }
        });
    }

    @Test
    @Order(40)
    void step4_viewerKeySeesOnlyItsServer() throws Exception {
        Steps.step(4, "the viewer's API key sees only its server; another server's tool is refused", () -> {
            Observed seen = new NodeSdkDriver(stack.root, stack.gatewayUrl() + "/mcp", "http").run(viewerKey,
                    List.of(new McpCall("everything__echo", Map.of("message", "viewer was here")),
                            new McpCall("memory__read_graph", Map.of())));
            List<String> foreign = seen.tools().stream().filter(t -> !t.startsWith("everything__")).toList();
            if (seen.tools().isEmpty() || !foreign.isEmpty()) {
                throw new AssertionError("viewer key scoped to [everything]: expected only everything__* tools, got "
                        + seen.tools());
            }
            CallOutcome echo = seen.outcomes().get(0);
            if (echo.failed() || !echo.text().contains("viewer was here")) {
                throw new AssertionError("viewer key, everything__echo: expected the echo, got " + echo.describe());
            }
            callsMade++;
            CallOutcome memory = seen.outcomes().get(1);
            if (!memory.failed()) {
                throw new AssertionError("viewer key, memory__read_graph: expected a refusal, got "
                        + memory.describe());
            }
        });
    }

    @Test
    @Order(50)
    void step5_logsSearchMetricsLive() throws Exception {
        Steps.step(5, "calls in the logs, search finds a stderr line, metrics count calls, WebSocket saw running",
                () -> {
                    List<String> failures = new ArrayList<>();
                    check(failures, this::callsAreLogged);
                    check(failures, this::searchFindsStderr);
                    check(failures, this::metricsCountCalls);
                    check(failures, this::liveStreamSawRunning);
                    if (!failures.isEmpty()) {
                        throw new AssertionError(String.join("\n\n", failures));
                    }
                });
    }

    @Test
    @Order(60)
    void step6_killServerMidCall() throws Exception {
        Steps.step(6, "kill -9 a server mid-call: the call errors, the tool restarts, the same session works", () -> {
            try (JavaSdkSession session = JavaSdkSession.open(stack.gatewayUrl(), "/mcp", adminToken,
                    Duration.ofSeconds(60))) {
                expectEcho(session, "before the kill");
                long pid = status("everything").path("pid").asLong(-1);
                CompletableFuture<CallOutcome> inFlight = CompletableFuture.supplyAsync(() -> session.call(
                        new McpCall("everything__trigger-long-running-operation", Map.of("duration", 30, "steps", 30))));
                Thread.sleep(2000);
                if (inFlight.isDone()) {
                    throw new AssertionError("the long-running call ended before the kill: " + inFlight.join());
                }
                ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid + " for everything"))
                        .destroyForcibly();
                CallOutcome outcome;
                try {
                    // The operation would take 30 s; an answer well before that can only be the crash's error.
                    outcome = inFlight.get(20, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    throw new AssertionError("the in-flight call still hangs 20 s after its server was killed");
                }
                if (!outcome.failed()) {
                    throw new AssertionError("the in-flight call succeeded although its server was killed: "
                            + outcome.describe());
                }
                System.out.println("[e2e]   in-flight call ended with: " + outcome.describe());
                waitRunning("everything", pid);
                int restarts = status("everything").path("restarts").asInt();
                if (restarts < 1) {
                    throw new AssertionError("everything runs again but its status counts " + restarts + " restarts");
                }
                Eventually.until("a new everything__echo in the same MCP session succeeds", START_DEADLINE, () -> {
                    CallOutcome again = session.call(new McpCall("everything__echo", Map.of("message", "after")));
                    return again.failed() || !again.text().contains("after") ? again.describe() : null;
                });
            }
        });
    }

    @Test
    @Order(70)
    void step7_restartProxy() throws Exception {
        Steps.step(7, "restart mcp-proxy-service; a client re-initializes and works", () -> {
            String staleSession = rawInitialize();
            long pid = stack.pid("mcp-proxy").orElseThrow(() -> new AssertionError("no data/e2e/pids/mcp-proxy.pid"));
            ProcessHandle proxy = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("mcp-proxy not running"));
            proxy.destroy();
            proxy.onExit().get(30, TimeUnit.SECONDS);
            // ./mcps up starts the log afresh; keep what the first instance wrote for whoever reads a failure.
            Files.copy(stack.log("mcp-proxy"), stack.log("mcp-proxy-before-restart"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            stack.up();
            Response stale = api.as(adminToken).header("Mcp-Session-Id", staleSession)
                    .header("Accept", "application/json, text/event-stream")
                    .body(Map.of("jsonrpc", "2.0", "id", 2, "method", "tools/list")).post("/mcp");
            if (stale.statusCode() != 200 && stale.statusCode() != 404) {
                throw new AssertionError("POST /mcp with the session of before the restart: expected 200 (session "
                        + "kept) or 404 (client must re-initialize), got " + stale.statusCode() + "\n"
                        + stale.asString());
            }
            Eventually.until("a re-initialized Java SDK client lists all three servers and calls echo",
                    START_DEADLINE, () -> {
                        try (JavaSdkSession session = JavaSdkSession.open(stack.gatewayUrl(), "/mcp", adminToken,
                                Duration.ofSeconds(20))) {
                            List<String> tools = session.toolNames();
                            if (Scenario.SERVERS.stream().anyMatch(s -> tools.stream().noneMatch(
                                    t -> t.startsWith(s + "__")))) {
                                return "tools/list: " + tools;
                            }
                            CallOutcome echo = session.call(new McpCall("everything__echo", Map.of("message", "back")));
                            return echo.failed() ? echo.describe() : null;
                        } catch (RuntimeException e) {
                            return "initialize: " + e.getMessage();
                        }
                    });
        });
    }

    @Test
    @Order(80)
    void step8_logoutRevokesEverywhere() throws Exception {
        Steps.step(8, "logout: the admin token is refused within a second at every service", () -> {
            Api.expect(api.as(adminToken).post("/api/v1/auth/logout"), 204, "POST /api/v1/auth/logout");
            long loggedOut = System.nanoTime();
            Map<String, java.util.function.Supplier<Integer>> probes = new LinkedHashMap<>();
            for (String[] probe : new String[][] { { "identity-service", "/api/v1/users" },
                    { "tool-service", "/api/v1/tools" }, { "mcp-proxy-service", "/api/v1/sessions" },
                    { "observability-service", "/api/v1/logs" } }) {
                probes.put(probe[0] + " GET " + probe[1], () -> api.as(adminToken).get(probe[1]).statusCode());
            }
            probes.put("mcp-proxy-service POST /mcp", () -> api.as(adminToken)
                    .header("Accept", "application/json, text/event-stream").body(initializeRequest())
                    .post("/mcp").statusCode());
            // A probe counts as refused from the moment its first 401 was asked for.
            Map<String, Long> refusedAfterMs = new LinkedHashMap<>();
            Map<String, Integer> last = new LinkedHashMap<>();
            while (refusedAfterMs.size() < probes.size()
                    && System.nanoTime() - loggedOut <= REVOCATION_DEADLINE.toNanos()) {
                probes.forEach((name, probe) -> {
                    if (!refusedAfterMs.containsKey(name)) {
                        long asked = System.nanoTime();
                        int status = probe.get();
                        last.put(name, status);
                        if (status == 401) {
                            refusedAfterMs.put(name, (asked - loggedOut) / 1_000_000);
                        }
                    }
                });
            }
            refusedAfterMs.values().removeIf(ms -> ms > REVOCATION_DEADLINE.toMillis());
            if (refusedAfterMs.size() < probes.size()) {
                throw new AssertionError("1 s after logout the admin token is still not refused everywhere "
                        + "(expected 401 from each); last answers: " + last + "; refused (ms after logout): "
                        + refusedAfterMs);
            }
            System.out.println("[e2e]   refused after logout (ms, when the first 401 was asked for): " + refusedAfterMs);
        });
    }

    @Test
    @Order(90)
    void step9_stopLeavesNothing() throws Exception {
        Steps.step(9, "stop everything; no process of the suite is left", () -> {
            Set<Long> ours = new HashSet<>(toolPids);
            for (String service : E2eStack.SERVICES) {
                stack.pid(service).ifPresent(pid -> {
                    ours.add(pid);
                    ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> ours.add(d.pid())));
                });
            }
            Processes.Result down = stack.down();
            stopped = true;
            if (down.exitCode() != 0) {
                throw new AssertionError("./mcps down --keep-infra failed: " + down.describe());
            }
            List<String> left = new ArrayList<>();
            ours.stream().map(ProcessHandle::of).flatMap(java.util.Optional::stream)
                    .filter(AcceptanceTest::running)
                    .forEach(p -> left.add(p.pid() + " " + p.info().commandLine().orElse("?")));
            ProcessHandle.allProcesses().filter(p -> p.pid() != ProcessHandle.current().pid())
                    .filter(AcceptanceTest::running)
                    .filter(p -> p.info().commandLine().filter(cmd -> cmd.contains(stack.runDir.toString())
                            || cmd.contains(allowedFolder.toString())).isPresent() || runsIn(p, stack.runDir))
                    .forEach(p -> left.add(p.pid() + " " + p.info().commandLine().orElse("?")));
            if (!left.isEmpty()) {
                throw new AssertionError("processes left after ./mcps down --keep-infra:\n  "
                        + String.join("\n  ", new java.util.TreeSet<>(left)));
            }
        });
    }

    // --- helpers of the steps

    /**
     * Alive and not a zombie: a process that exited but whose new parent (this sandbox's init) never reaps it runs
     * nothing and holds nothing but its process-table entry.
     */
    private static boolean running(ProcessHandle p) {
        if (!p.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the process works in {@code dir}: ./mcps starts the services there, and they their MCP servers. */
    private static boolean runsIn(ProcessHandle p, Path dir) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd")).startsWith(dir);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private void openLiveStream() {
        try {
            live = LiveStream.connect(stack.gatewayUrl(), adminToken).subscribe("tool-status");
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String answer = cause instanceof java.net.http.WebSocketHandshakeException h
                    ? "HTTP " + h.getResponse().statusCode() + " " + h.getResponse().body()
                    : cause.toString();
            liveFailure = "WebSocket " + stack.gatewayUrl() + "/api/v1/ws with the admin's Bearer token did not open: "
                    + answer;
        }
    }

    private void register(Map<String, Object> definition) {
        Api.expect(api.as(adminToken).body(definition).post("/api/v1/tools"), 201,
                "POST /api/v1/tools " + definition.get("name"));
    }

    /** The catalog's ready-made definition of {@code template}, named after it, with the given environment. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> fromCatalog(String template, Map<String, String> env) throws IOException {
        Response r = Api.expect(api.as(adminToken).get("/api/v1/tools/available"), 200, "GET /api/v1/tools/available");
        for (JsonNode entry : JSON.readTree(r.asString())) {
            if (template.equals(entry.path("template").asText())) {
                ObjectNode definition = (ObjectNode) entry.path("definition");
                definition.put("name", template);
                definition.set("env", JSON.valueToTree(env));
                return JSON.convertValue(definition, Map.class);
            }
        }
        throw new AssertionError("GET /api/v1/tools/available has no template '" + template + "': " + r.asString());
    }

    private JsonNode status(String server) {
        Response r = Api.expect(api.as(adminToken).get("/api/v1/tools/" + server + "/status"), 200,
                "GET /api/v1/tools/" + server + "/status");
        try {
            return JSON.readTree(r.asString());
        } catch (IOException e) {
            throw new AssertionError("status of " + server + " is not JSON: " + r.asString(), e);
        }
    }

    /** Waits until {@code server} is running (with a process other than {@code notPid}) and records its PID. */
    private void waitRunning(String server, long notPid) throws InterruptedException {
        Eventually.until(server + " is running", START_DEADLINE, () -> {
            JsonNode s = status(server);
            boolean running = "running".equals(s.path("state").asText()) && s.path("pid").asLong(notPid) != notPid;
            return running ? null : s.toString();
        });
        toolPids.add(status(server).path("pid").asLong());
    }

    private static Map<String, Object> initializeRequest() {
        return Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize", "params", Map.of("protocolVersion",
                "2025-06-18", "capabilities", Map.of(), "clientInfo", Map.of("name", "mcps-e2e-raw", "version", "1")));
    }

    private String rawInitialize() {
        Response r = Api.expect(api.as(adminToken).header("Accept", "application/json, text/event-stream")
                .body(initializeRequest()).post("/mcp"), 200, "POST /mcp initialize");
        String session = r.getHeader("Mcp-Session-Id");
        if (session == null) {
            throw new AssertionError("POST /mcp initialize answered no Mcp-Session-Id header");
        }
        return session;
    }

    /** tools/list over plain HTTP in a fresh session: what the gateway's /mcp offers right now. */
    private List<String> rawToolNames() {
        String session = rawInitialize();
        Response r = api.as(adminToken).header("Mcp-Session-Id", session)
                .header("Accept", "application/json, text/event-stream")
                .body(Map.of("jsonrpc", "2.0", "id", 2, "method", "tools/list")).post("/mcp");
        api.as(adminToken).header("Mcp-Session-Id", session).delete("/mcp");
        if (r.statusCode() != 200 || !r.getContentType().startsWith("application/json")) {
            return List.of("HTTP " + r.statusCode() + " " + r.getContentType());
        }
        List<String> names = r.jsonPath().getList("result.tools.name");
        return names == null ? List.of() : names;
    }

    private static void expectEcho(JavaSdkSession session, String message) {
        CallOutcome echo = session.call(new McpCall("everything__echo", Map.of("message", message)));
        if (echo.failed() || !echo.text().contains(message)) {
            throw new AssertionError("everything__echo: expected '" + message + "', got " + echo.describe());
        }
    }

    private interface Check {
        void run() throws Exception;
    }

    private static void check(List<String> failures, Check check) {
        try {
            check.run();
        } catch (Exception | AssertionError e) {
            failures.add(e.getMessage());
        }
    }

    private void callsAreLogged() throws InterruptedException {
        Eventually.until("GET /api/v1/logs?category=mcp lists the get-sum call of each of the 4 clients",
                INGEST_DEADLINE, () -> {
                    Response r = api.as(adminToken).queryParam("category", "mcp").queryParam("size", 100)
                            .get("/api/v1/logs");
                    if (r.statusCode() != 200) {
                        return "HTTP " + r.statusCode() + " " + r.asString();
                    }
                    List<String> messages = r.jsonPath().getList("items.message");
                    long sums = messages.stream().filter(m -> m != null && m.contains("get-sum")).count();
                    return sums >= 4 ? null : sums + " get-sum entries among " + messages;
                });
    }

    private void searchFindsStderr() throws InterruptedException {
        // server-memory announces itself on stderr when it starts.
        String line = "Knowledge Graph MCP Server running";
        Eventually.until("GET /api/v1/logs/search finds the stderr line '" + line + "'", INGEST_DEADLINE, () -> {
            Response r = api.as(adminToken).queryParam("q", "Knowledge Graph").get("/api/v1/logs/search");
            if (r.statusCode() != 200) {
                return "HTTP " + r.statusCode() + " " + r.asString();
            }
            List<String> found = r.jsonPath().getList("items.entry.message");
            return found.stream().anyMatch(m -> m != null && m.contains(line)) ? null : "hits: " + found;
        });
    }

    private void metricsCountCalls() throws InterruptedException {
        int expected = callsMade;
        Eventually.until("GET /api/v1/monitoring/metrics counts at least the suite's " + expected + " MCP calls",
                INGEST_DEADLINE, () -> {
                    Response r = api.as(adminToken).get("/api/v1/monitoring/metrics");
                    if (r.statusCode() != 200) {
                        return "HTTP " + r.statusCode() + " " + r.asString();
                    }
                    try {
                        long counted = longestWindowCalls(JSON.readTree(r.asString()));
                        return counted >= expected ? null : "calls of the longest window: " + counted + " in " + r.asString();
                    } catch (IOException e) {
                        return "not JSON: " + r.asString();
                    }
                });
    }

    /**
     * The overall count of the longest window in {@code calls: {<window>: {window_minutes, calls}}}, observability's
     * metrics shape: the longest window (15 min by default) holds every call of the suite.
     */
    private static long longestWindowCalls(JsonNode metrics) {
        JsonNode longest = null;
        for (JsonNode window : metrics.path("calls")) {
            if (longest == null || window.path("window_minutes").asInt() > longest.path("window_minutes").asInt()) {
                longest = window;
            }
        }
        return longest == null ? -1 : longest.path("calls").asLong(-1);
    }

    private void liveStreamSawRunning() throws InterruptedException {
        if (live == null) {
            throw new AssertionError(liveFailure);
        }
        Eventually.until("the WebSocket on /api/v1/ws saw each server become running", INGEST_DEADLINE, () -> {
            List<String> messages = live.messages();
            List<String> missing = Scenario.SERVERS.stream().filter(s -> messages.stream()
                    .noneMatch(m -> m.contains("\"" + s + "\"") && m.contains("running"))).toList();
            return missing.isEmpty() ? null : "no running message for " + missing + " among " + messages.size()
                    + " messages (closed: " + live.closedWith() + "), first: "
                    + messages.stream().limit(3).toList();
        });
    }
}
