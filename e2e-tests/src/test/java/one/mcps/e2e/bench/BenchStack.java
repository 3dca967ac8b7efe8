package one.mcps.e2e.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import one.mcps.e2e.StackFiles;

/**
 * The benchmark's own set of the five services: ports base..base+4 (28080 by default), run dir data/bench, fresh
 * *_bench databases, the shared PostgreSQL and Kafka. The JVMs are started here rather than by ./mcps so that each
 * can get its own options (a flight recording for the one being profiled) and so the developer's stack, which
 * ./mcps manages, is never touched. They run copies of the packaged jars: other engineers rebuild modules meanwhile.
 */
final class BenchStack implements AutoCloseable {

    /** name, module, port offset from the gateway's; identity first, its JWKS is what the others verify against. */
    private record Service(String name, String module, int offset, String dbVariable) {
    }

    private static final List<Service> SERVICES = List.of(
            new Service("identity", "identity-service", 1, "MCPS_IDENTITY_DB"),
            new Service("tool", "tool-service", 2, "MCPS_TOOL_DB"),
            new Service("mcp-proxy", "mcp-proxy-service", 3, "MCPS_MCP_PROXY_DB"),
            new Service("observability", "observability-service", 4, "MCPS_OBSERVABILITY_DB"),
            new Service("gateway", "gateway-service", 0, null));
    private static final Map<String, String> DATABASES = Map.of("MCPS_IDENTITY_DB", "mcps_identity_bench",
            "MCPS_TOOL_DB", "mcps_tools_bench", "MCPS_MCP_PROXY_DB", "mcps_proxy_bench",
            "MCPS_OBSERVABILITY_DB", "mcps_observability_bench");
    /** What ./mcps gives every service (deploy/local/services.sh). */
    static final String DEFAULT_JVM = "-Xms32m -Xmx512m -XX:+UseSerialGC -XX:MaxMetaspaceSize=192m";

    final Path root;
    final Path runDir;
    final int basePort;
    final String adminPassword;
    /** The services' client-credentials secret: the bench asks identity for a service token for the bridge. */
    final String serviceSecret = "bench-" + UUID.randomUUID();
    private final Map<String, Process> started = new LinkedHashMap<>();

    BenchStack(Path root, Path runDir, int basePort, String adminPassword) {
        this.root = root;
        this.runDir = runDir;
        this.basePort = basePort;
        this.adminPassword = adminPassword;
    }

    String url(String service) {
        return "http://127.0.0.1:" + (basePort + service(service).offset());
    }

    /** The PID of a service this harness started, if it did. */
    Optional<Long> pid(String service) {
        return Optional.ofNullable(started.get(service)).map(Process::pid);
    }

    /**
     * Starts the five services. {@code jvm} options apply to every service, {@code extraJvm} adds per service
     * (e.g. a flight recording for mcp-proxy).
     */
    void start(String jvm, Map<String, String> extraJvm) throws IOException, SQLException, InterruptedException {
        resetDatabases();
        snapshotApps();
        Files.createDirectories(runDir.resolve("logs"));
        Map<String, String> env = environment();
        for (Service s : SERVICES) {
            List<String> command = new ArrayList<>();
            command.add("java");
            command.addAll(List.of(jvm.trim().split("\\s+")));
            String extra = extraJvm.get(s.name());
            if (extra != null && !extra.isBlank()) {
                command.addAll(List.of(extra.trim().split("\\s+")));
            }
            command.addAll(List.of("-jar", apps().resolve(s.module()).resolve("quarkus-app/quarkus-run.jar")
                    .toString()));
            ProcessBuilder builder = new ProcessBuilder(command).directory(runDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(runDir.resolve("logs").resolve(s.name() + ".log").toFile());
            builder.environment().putAll(env);
            started.put(s.name(), builder.start());
        }
        awaitReady(Duration.ofMinutes(5));
    }

    private Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MCPS_DATA_DIR", runDir.toString());
        env.put("MCPS_GATEWAY_PORT", String.valueOf(basePort));
        for (Service s : SERVICES) {
            if (s.offset() > 0) {
                env.put("MCPS_" + s.name().toUpperCase().replace('-', '_') + "_PORT", String.valueOf(basePort
                        + s.offset()));
            }
        }
        env.put("MCPS_IDENTITY_URL", url("identity"));
        env.put("MCPS_TOOL_URL", url("tool"));
        env.put("MCPS_MCP_PROXY_URL", url("mcp-proxy"));
        env.put("MCPS_OBSERVABILITY_URL", url("observability"));
        env.put("MCPS_GATEWAY_URL", url("gateway"));
        env.put("MCPS_JWKS_URL", url("identity") + "/.well-known/jwks.json");
        env.putAll(DATABASES);
        // A group of this run's own from the topics' end: the bench's observability ingests the bench's events only.
        env.put("MCPS_OBSERVABILITY_GROUP", "observability-service-bench-" + UUID.randomUUID());
        env.put("MCPS_OBSERVABILITY_OFFSET_RESET", "latest");
        env.put("MCPS_ADMIN_PASSWORD", adminPassword);
        env.put("MCPS_SERVICE_SECRET", serviceSecret);
        env.put("MCPS_SECRETS_KEY", "bench-" + UUID.randomUUID());
        env.put("MCPS_NPM_PREFIX", root.resolve("deploy/npm").toString());
        env.put("MCPS_MCP_ALLOWED_ORIGINS", url("gateway"));
        // Five JVMs starting at once beside other builds: Flyway's first connection may wait its turn.
        env.put("QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT", "60S");
        // Rate limits: a config override, not the runtime settings API. Runtime settings travel on the shared,
        // compacted mcps.system.config topic, so raising them would raise them for every stack on this broker and
        // outlive the run; instead the limiter stays in the path with limits no run reaches, and this gateway listens
        // to setting keys nobody else writes.
        env.put("MCPS_REQUESTS_PER_MINUTE", "1000000000");
        env.put("MCPS_ADMIN_REQUESTS_PER_MINUTE", "1000000000");
        env.put("MCPS_MCP_CALLS_PER_MINUTE", "1000000000");
        env.put("MCPS_GATEWAY_RATE_LIMIT_SETTINGS_REQUESTS_PER_MINUTE", "bench_requests_per_minute");
        env.put("MCPS_GATEWAY_RATE_LIMIT_SETTINGS_MCP_CALLS_PER_MINUTE", "bench_mcp_calls_per_minute");
        env.put("MCPS_GATEWAY_RATE_LIMIT_SETTINGS_ENABLED", "bench_rate_limiting_enabled");
        env.put("MCPS_GATEWAY_ADMIN_MAINTENANCE_SETTING", "bench_maintenance_mode");
        return env;
    }

    private void resetDatabases() throws SQLException {
        StackFiles.recreateDatabases(DATABASES.values());
    }

    private Path apps() {
        return runDir.resolve("apps");
    }

    private void snapshotApps() throws IOException {
        StackFiles.deleteTree(apps());
        for (Service s : SERVICES) {
            StackFiles.copyApp(root, s.module(), apps().resolve(s.module()).resolve("quarkus-app"));
        }
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Service s : SERVICES) {
            HttpRequest ready = HttpRequest.newBuilder(URI.create(url(s.name()) + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build();
            while (true) {
                Process p = started.get(s.name());
                if (p != null && !p.isAlive()) {
                    throw new IllegalStateException(s.name() + " exited during start; see " + log(s.name()));
                }
                try {
                    if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(s.name() + " not ready in " + timeout + "; see " + log(s.name()));
                }
                Thread.sleep(500);
            }
        }
    }

    Path log(String service) {
        return runDir.resolve("logs").resolve(service + ".log");
    }

    /**
     * Stops what this harness started, each with SIGTERM so flight recordings are written: the gateway first,
     * observability last, once the others are gone, as {@code ./mcps down} does (their last events are ingested and
     * none arrives while observability stops).
     */
    @Override
    public void close() throws InterruptedException {
        List<String> first = new ArrayList<>(started.keySet());
        first.remove("observability");
        first.sort(Comparator.comparing(name -> !"gateway".equals(name)));
        List<ProcessHandle> children = new ArrayList<>();
        stop(first, children);
        stop(started.containsKey("observability") ? List.of("observability") : List.of(), children);
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        started.clear();
    }

    private void stop(List<String> names, List<ProcessHandle> children) throws InterruptedException {
        for (String name : names) {
            Process p = started.get(name);
            p.descendants().forEach(children::add);
            p.destroy();
        }
        for (String name : names) {
            Process p = started.get(name);
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static Service service(String name) {
        return SERVICES.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }

    static String env(String name, String fallback) {
        return StackFiles.setting(name, fallback);
    }
}
