package one.mcps.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The suite's own set of the five services, started and stopped with the project's ./mcps beside (never instead of)
 * a developer's stack: other ports, run dir data/e2e, fresh *_e2e databases, the same PostgreSQL and Kafka.
 */
final class E2eStack {

    static final List<String> SERVICES = List.of("identity", "tool", "mcp-proxy", "observability", "gateway");
    private static final Map<String, String> DATABASES = Map.of("MCPS_IDENTITY_DB", "mcps_identity_e2e",
            "MCPS_TOOL_DB", "mcps_tools_e2e", "MCPS_MCP_PROXY_DB", "mcps_proxy_e2e",
            "MCPS_OBSERVABILITY_DB", "mcps_observability_e2e");

    final Path root;
    final Path runDir;
    final int gatewayPort;
    final String adminPassword = "e2e-" + UUID.randomUUID();
    private final Map<String, String> env = new LinkedHashMap<>();

    E2eStack() {
        this(Map.of());
    }

    /** A stack whose services also get {@code extraEnv} (configuration a suite needs, never runtime settings). */
    E2eStack(Map<String, String> extraEnv) {
        root = Path.of(System.getProperty("mcps.home", "..")).toAbsolutePath().normalize();
        runDir = root.resolve(setting("MCPS_E2E_RUN_DIR", "data/e2e"));
        gatewayPort = Integer.parseInt(setting("MCPS_E2E_GATEWAY_PORT", "18080"));
        env.put("MCPS_RUN_DIR", runDir.toString());
        env.put("MCPS_GATEWAY_PORT", String.valueOf(gatewayPort));
        env.put("MCPS_PUBLIC_URL", "http://localhost:" + gatewayPort);
        env.put("MCPS_IDENTITY_PORT", String.valueOf(gatewayPort + 1));
        env.put("MCPS_TOOL_PORT", String.valueOf(gatewayPort + 2));
        env.put("MCPS_MCP_PROXY_PORT", String.valueOf(gatewayPort + 3));
        env.put("MCPS_OBSERVABILITY_PORT", String.valueOf(gatewayPort + 4));
        env.putAll(DATABASES);
        env.put("MCPS_ADMIN_PASSWORD", adminPassword);
        // One instance per service unless a suite asks for more, whatever the developer exported for ./mcps up.
        env.put("MCPS_REPLICAS", "1");
        // The developer's observability-service must not share the suite's consumer group (each would get half),
        // and the shared topics may hold a long history (a benchmark leaves hundreds of thousands of call events):
        // a group of this run's own, from the topics' end, sees exactly what the suite does.
        env.put("MCPS_OBSERVABILITY_GROUP", "observability-service-e2e-" + UUID.randomUUID());
        env.put("MCPS_OBSERVABILITY_OFFSET_RESET", "latest");
        // Task commands and reports: a developer's stack on the same broker must not take the suite's, nor it theirs.
        env.put("MCPS_TOOL_TASKS_GROUP", "tool-service-tasks-e2e-" + UUID.randomUUID());
        env.put("MCPS_OBSERVABILITY_TASKS_GROUP", "observability-tasks-e2e-" + UUID.randomUUID());
        // The suite tests the jars the reactor just packaged; ./mcps must not rebuild the tree under it.
        env.put("MCPS_SKIP_BUILD", "1");
        // ... and runs copies of them, so a module rebuilt meanwhile cannot pull jars from under a running service.
        env.put("MCPS_APPS_DIR", runDir.resolve("apps").toString());
        // Five JVMs start at once on a CI box shared with builds: give them time rather than fail the run on load.
        env.put("MCPS_READY_TIMEOUT", setting("MCPS_READY_TIMEOUT", "300"));
        env.put("QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT", "60S");
        // bcrypt (cost 12) on a starved CPU can exceed the gateway's 15 s for identity; the steps judge answers.
        env.put("MCPS_GATEWAY_IDENTITY_TIMEOUT", "60s");
        // The allowed origins of /mcp follow the gateway's port.
        env.put("MCPS_MCP_ALLOWED_ORIGINS", "http://localhost:" + gatewayPort + ",http://127.0.0.1:" + gatewayPort);
        env.putAll(extraEnv);
    }

    String gatewayUrl() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    Map<String, String> env() {
        return Map.copyOf(env);
    }

    /** Drops and creates the suite's databases so every run starts from nothing. */
    void resetDatabases() throws SQLException {
        StackFiles.recreateDatabases(DATABASES.values());
    }

    Processes.Result mcps(Duration timeout, String... args) {
        return mcps(timeout, Map.of(), args);
    }

    Processes.Result mcps(Duration timeout, Map<String, String> extraEnv, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(root.resolve("mcps").toString()));
        command.addAll(List.of(args));
        Map<String, String> all = new LinkedHashMap<>(env);
        all.putAll(extraEnv);
        return Processes.run(command, root, all, timeout);
    }

    /** Copies each service's built fast-jar folder under the run dir, where MCPS_APPS_DIR points ./mcps. */
    void snapshotApps() throws IOException {
        Path apps = runDir.resolve("apps");
        StackFiles.deleteTree(apps);
        for (String service : SERVICES) {
            String module = service + "-service";
            StackFiles.copyApp(root, module, apps.resolve(module).resolve("target/quarkus-app"));
        }
    }

    /**
     * Stops what a run that died half-way left behind (this stack's PIDs only), recreates the databases, snapshots the
     * packaged jars and starts the stack.
     */
    void startFresh() throws SQLException, IOException {
        down();
        resetDatabases();
        snapshotApps();
        up();
    }

    void up() {
        // Replicas start in two stages (instance 1 of every service, then the others), each given the ready timeout.
        long readySeconds = Long.parseLong(env.get("MCPS_READY_TIMEOUT"));
        Processes.Result r = mcps(Duration.ofSeconds(2 * readySeconds + 120), "up");
        if (r.exitCode() != 0) {
            throw new AssertionError("./mcps up (e2e environment) failed: " + r.describe());
        }
    }

    Processes.Result down() {
        return mcps(Duration.ofMinutes(2), "down", "--keep-infra");
    }

    Optional<Long> pid(String service) {
        Path file = runDir.resolve("pids").resolve(service + ".pid");
        try {
            return Files.exists(file) ? Optional.of(Long.parseLong(Files.readString(file).trim())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The PID of one instance of a service started with {@code MCPS_REPLICAS} above 1 (instances count from 1). */
    Optional<Long> pid(String service, int instance) {
        return pid(service + "-" + instance);
    }

    Path log(String service) {
        return runDir.resolve("logs").resolve(service + ".log");
    }

    private static String setting(String name, String fallback) {
        return StackFiles.setting(name, fallback);
    }
}
