package one.mcps.e2e.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Run by hand (see e2e-tests/README.md), never by the test suite. Measures the whole MCP chain with the real
 * services: client → gateway /mcp → mcp-proxy → tool-service bridge → mcp-server-everything over stdio, with auth
 * and the call event, beside the same call made straight to the bridge and straight to the proxy. Starts its own
 * stack (ports 28080–28084, run dir data/bench, *_bench databases) or attaches to one already running there.
 *
 * <p>
 * Each row prints calls/s, p50 and p99 of {@code tools/call echo} in a closed loop (every session waits for its
 * answer before sending the next call), and the CPU each process spent per call during the row (JIT compiler
 * threads left out), which stays meaningful on a machine shared with other work where wall-clock figures do not.
 */
public final class ChainBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOOL = "bench";
    private static final String MESSAGE = "bench";
    private static final long CLOCK_TICK_NANOS = 10_000_000L;
    private static final String SYSTEM = "/sys";

    private record Target(String name, URI endpoint, String tool) {
    }

    private record Row(long calls, double seconds, long[] latencies, Map<String, Long> cpuNanos) {
    }

    private final Map<String, String> options;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Long> pids = new LinkedHashMap<>();
    private final Map<String, long[]> kernelShare = new LinkedHashMap<>();

    private ChainBenchmark(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        new ChainBenchmark(options(args)).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Path root = Path.of(System.getProperty("mcps.home", ".")).toAbsolutePath().normalize();
        int basePort = Integer.parseInt(option("base-port", "28080"));
        boolean attach = options.containsKey("attach");
        String password = option("admin-password", attach ? "" : "bench-" + UUID.randomUUID());
        BenchStack stack = new BenchStack(root, root.resolve(option("run-dir", "data/bench")), basePort, password);
        try {
            if (!attach) {
                System.out.println("starting the stack on " + basePort + "–" + (basePort + 4) + ", logs in "
                        + stack.runDir.resolve("logs"));
                stack.start(option("jvm", BenchStack.DEFAULT_JVM), flightRecordings(stack.runDir));
                for (String s : List.of("gateway", "mcp-proxy", "tool", "observability")) {
                    stack.pid(s).ifPresent(pid -> pids.put(s, pid));
                }
            }
            measure(root, stack);
        } finally {
            if (!options.containsKey("keep")) {
                stack.close();
            }
        }
    }

    private Map<String, String> flightRecordings(Path runDir) throws IOException {
        Map<String, String> extra = new HashMap<>();
        if (options.containsKey("jfr")) {
            Files.createDirectories(runDir.resolve("jfr"));
            for (String service : option("jfr", "").split(",")) {
                // Reactive call chains are deep: JFR's default of 64 frames would cut off the application's own.
                extra.put(service, "-XX:FlightRecorderOptions=stackdepth=512");
            }
        }
        return extra;
    }

    /**
     * Starts ({@code JFR.start}) or stops ({@code JFR.stop}) the flight recordings asked for with {@code --jfr}, so
     * that they hold the measured rows only: start-up and warm-up would otherwise be most of their samples.
     */
    private void flightRecording(String command, Path runDir) throws IOException, InterruptedException {
        if (!options.containsKey("jfr")) {
            return;
        }
        for (String service : option("jfr", "").split(",")) {
            Long pid = pids.get(service);
            if (pid == null) {
                continue;
            }
            List<String> jcmd = new ArrayList<>(List.of("jcmd", pid.toString(), command, "name=bench"));
            if (command.equals("JFR.start")) {
                jcmd.addAll(List.of("settings=profile",
                        "filename=" + runDir.resolve("jfr").resolve(service + ".jfr")));
            }
            Process p = new ProcessBuilder(jcmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                System.out.println(String.join(" ", jcmd) + " failed: " + out.trim());
            }
        }
    }

    private void measure(Path root, BenchStack stack) throws Exception {
        String token = login(stack.url("gateway"), stack.adminPassword);
        startTool(stack.url("gateway"), token, root.resolve("deploy/npm/node_modules/.bin/mcp-server-everything"));
        awaitCatalog(stack.url("gateway"), token);

        List<Target> targets = new ArrayList<>();
        Map<String, URI> external = externalBridges();
        String defaultTargets = "bridge,proxy,gateway"
                + (external.isEmpty() ? "" : "," + String.join(",", external.keySet()));
        for (String name : option("targets", defaultTargets).split(",")) {
            if (external.containsKey(name)) {
                targets.add(new Target(name, external.get(name), "echo"));
                continue;
            }
            targets.add(switch (name) {
                case "bridge" -> new Target(name, URI.create(stack.url("tool") + "/internal/tools/" + TOOL + "/mcp"),
                        "echo");
                case "proxy" -> new Target(name, URI.create(stack.url("mcp-proxy") + "/mcp"), TOOL + "__echo");
                case "gateway" -> new Target(name, URI.create(stack.url("gateway") + "/mcp"), TOOL + "__echo");
                default -> throw new IllegalArgumentException("unknown target " + name);
            });
        }
        String mcpToken = mcpCredential(stack.url("gateway"), token);
        String bridgeToken = serviceToken(stack.url("identity"), stack.serviceSecret);
        Duration seconds = Duration.ofSeconds(Long.parseLong(option("seconds", "10")));
        Duration warmUp = Duration.ofSeconds(Long.parseLong(option("warm-up", "60")));
        if (!warmUp.isZero()) {
            // A fresh JVM interprets before it compiles, and five of them share two cores with their compiler
            // threads: after 20 s of load a 32-session row still measured the JIT (2,700-3,000 calls/s where the
            // same stack did 3,500-3,900 a minute later).
            System.out.println("warm-up: " + warmUp.toSeconds() + " s per target at 8 sessions");
            for (Target t : targets) {
                load(t, credentialFor(t, bridgeToken, mcpToken), 8, warmUp);
            }
        }
        flightRecording("JFR.start", stack.runDir);
        System.out.printf("%-8s %5s %8s %8s %7s %7s  %-30s %s%n", "target", "sess", "calls", "calls/s", "p50 ms",
                "p99 ms", "CPU µs per call " + String.join("/", cpuColumns()), "started, load avg");
        for (String level : option("levels", "1,8,32").split(",")) {
            for (Target t : targets) {
                // The start time lines a row up with a flight recording's samples.
                String load = java.time.LocalTime.now().withNano(0) + " " + loadAverage();
                report(t, Integer.parseInt(level), load(t, credentialFor(t, bridgeToken, mcpToken),
                        Integer.parseInt(level), seconds), load);
            }
        }
        flightRecording("JFR.stop", stack.runDir);
        StringBuilder kernel = new StringBuilder();
        kernelShare.forEach((name, spent) -> {
            if (spent[0] > 0 && pids.containsKey(name)) {
                kernel.append(kernel.isEmpty() ? "" : ", ").append(name).append(' ')
                        .append(100 * spent[1] / spent[0]).append(" %");
            }
        });
        // Syscalls (socket reads and writes, epoll) are where a flight recording cannot look.
        System.out.println("share of the CPU spent in the kernel over all rows: " + kernel);
        // Every measured call must also have produced its call event, or the rows flatter the chain.
        JsonNode status = send(stack.url("gateway") + "/api/v1/mcp/proxy/status", token, "GET", null, 200);
        System.out.printf("proxy: calls_total %d, call_events_dropped %d%n", status.path("calls_total").asLong(),
                status.path("call_events_dropped").asLong());
        // Drops under load are the broker falling behind; drops now, with the broker idle, would be events lost for good.
        Thread.sleep(3000);
        load(targets.get(0).name().equals("bridge") && targets.size() > 1 ? targets.get(1) : targets.get(0), token, 1,
                Duration.ofSeconds(1));
        JsonNode after = send(stack.url("gateway") + "/api/v1/mcp/proxy/status", token, "GET", null, 200);
        System.out.printf("proxy after a quiet pause and 1 s more of calls: calls_total %d, call_events_dropped %d%n",
                after.path("calls_total").asLong(), after.path("call_events_dropped").asLong());
        int idle = Integer.parseInt(option("idle-sessions", "10000"));
        if (idle > 0) {
            idleSessions(URI.create(stack.url("mcp-proxy") + "/mcp"), token, idle);
        }
    }

    /**
     * {@code --external=name=url,...}: other bridges from stdio to Streamable HTTP, started by hand over the same
     * {@code mcp-server-everything} (e2e-tests/README.md), measured with the same client and the same call as the
     * targets of the stack; their own processes are not in the CPU columns.
     */
    private Map<String, URI> externalBridges() {
        Map<String, URI> bridges = new LinkedHashMap<>();
        for (String entry : option("external", "").split(",")) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                bridges.put(entry.substring(0, equals), URI.create(entry.substring(equals + 1)));
            }
        }
        return bridges;
    }

    private List<String> cpuColumns() {
        List<String> columns = new ArrayList<>(List.of("client"));
        columns.addAll(pids.keySet());
        return columns;
    }

    private Row load(Target target, String token, int sessions, Duration duration) throws Exception {
        List<McpConnection> connections = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            connections.add(new McpConnection(target.endpoint(), token).initialize());
        }
        long[][] latencies = new long[sessions][];
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(sessions);
        Map<String, Long> cpuBefore = cpuNanos();
        long started = System.nanoTime();
        long end = started + duration.toNanos();
        for (int s = 0; s < sessions; s++) {
            int worker = s;
            Thread thread = new Thread(() -> {
                long[] mine = new long[1 << 20];
                int n = 0;
                McpConnection c = connections.get(worker);
                try {
                    while (System.nanoTime() < end && n < mine.length) {
                        String body = "{\"jsonrpc\":\"2.0\",\"id\":" + (n + 1) + ",\"method\":\"tools/call\","
                                + "\"params\":{\"name\":\"" + target.tool() + "\",\"arguments\":{\"message\":\""
                                + MESSAGE + "\"}}}";
                        long t0 = System.nanoTime();
                        McpConnection.Reply reply = c.post(body);
                        mine[n++] = System.nanoTime() - t0;
                        if (reply.status() != 200 || !reply.body().contains("Echo: " + MESSAGE)) {
                            throw new IllegalStateException(target.name() + " answered " + reply.status() + ": "
                                    + reply.body());
                        }
                    }
                } catch (Exception e) {
                    if (failures.getAndIncrement() == 0) {
                        System.err.println("session " + worker + " stopped: " + e.getMessage());
                    }
                } finally {
                    latencies[worker] = Arrays.copyOf(mine, n);
                    done.countDown();
                }
            }, "bench-" + worker);
            thread.start();
        }
        done.await();
        double elapsed = (System.nanoTime() - started) / 1e9;
        Map<String, Long> cpuAfter = cpuNanos();
        for (McpConnection c : connections) {
            c.delete();
        }
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        Map<String, Long> spent = new LinkedHashMap<>();
        cpuAfter.forEach((k, v) -> spent.put(k, v - cpuBefore.getOrDefault(k, 0L)));
        return new Row(all.length, elapsed, all, spent);
    }

    private void report(Target target, int sessions, Row row, String load) {
        long[] l = row.latencies();
        double p50 = l.length == 0 ? 0 : l[(int) (l.length * 0.50)] / 1e6;
        double p99 = l.length == 0 ? 0 : l[Math.min(l.length - 1, (int) (l.length * 0.99))] / 1e6;
        StringBuilder cpu = new StringBuilder();
        for (String column : cpuColumns()) {
            long nanos = row.cpuNanos().getOrDefault(column, 0L);
            kernelShare.merge(column, new long[] {nanos, row.cpuNanos().getOrDefault(column + SYSTEM, 0L)},
                    (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
            cpu.append(cpu.isEmpty() ? "" : "/").append(row.calls() == 0 ? 0 : nanos / 1000 / row.calls());
        }
        System.out.printf("%-8s %5d %8d %8.0f %7.2f %7.2f  %-30s %s%n", target.name(), sessions, row.calls(),
                row.calls() / row.seconds(), p50, p99, cpu, load);
    }

    /** CPU time so far of this client and of every measured service process (utime + stime; stime also alone). */
    private Map<String, Long> cpuNanos() {
        Map<String, Long> cpu = new LinkedHashMap<>();
        cpu.put("client", ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime());
        pids.forEach((name, pid) -> processCpuNanos(pid).ifPresent(n -> {
            cpu.put(name, n[0]);
            cpu.put(name + SYSTEM, n[1]);
        }));
        return cpu;
    }

    /**
     * CPU time of a process's threads but its JIT compilers: a JVM still compiling after the warm-up would otherwise
     * charge its compilations to the calls of the row (GC threads stay in: collecting is a cost of the calls).
     */
    private static Optional<long[]> processCpuNanos(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            long ticks = 0;
            long systemTicks = 0;
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                    continue;
                }
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // fields[11] and [12] are utime and stime (fields 14 and 15 of proc(5)), in clock ticks.
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                systemTicks += Long.parseLong(fields[12]);
            }
            return Optional.of(new long[] {ticks * CLOCK_TICK_NANOS, systemTicks * CLOCK_TICK_NANOS});
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void idleSessions(URI proxy, String token, int count) throws Exception {
        Long pid = pids.get("mcp-proxy");
        if (pid == null) {
            System.out.println("idle sessions: skipped (attached: the proxy's PID is not known)");
            return;
        }
        long before = rssKb(pid);
        int threads = 4;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger opened = new AtomicInteger();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try (McpConnection c = new McpConnection(proxy, token)) {
                    while (next.getAndIncrement() < count) {
                        c.openIdleSession();
                        opened.incrementAndGet();
                    }
                } catch (IOException e) {
                    System.err.println("idle sessions: " + e.getMessage());
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        Thread.sleep(2000);
        long after = rssKb(pid);
        System.out.printf("proxy RSS: %d MB before, %d MB holding %d more idle sessions (%s)%n", before / 1024,
                after / 1024, opened.get(), loadAverage());
    }

    /**
     * {@code --credential=api-key}: MCP clients call with an API key of the admin's (what {@code ./mcps connect}
     * hands them) instead of the admin's JWT; default {@code jwt}. The bridge, an internal endpoint, takes a service
     * token.
     */
    private String mcpCredential(String gateway, String jwt) throws IOException, InterruptedException {
        if (!option("credential", "jwt").equals("api-key")) {
            return jwt;
        }
        return send(gateway + "/api/v1/auth/api-keys", jwt, "POST",
                JSON.writeValueAsString(Map.of("name", "chain benchmark " + UUID.randomUUID())), 201).path("key")
                .asText();
    }

    private static String credentialFor(Target target, String serviceToken, String mcpToken) {
        return target.name().equals("bridge") ? serviceToken : mcpToken;
    }

    /** A client-credentials token of mcp-proxy's, the only kind of caller the bridge serves (10 minutes). */
    private String serviceToken(String identity, String secret) throws IOException, InterruptedException {
        String form = "grant_type=client_credentials&client_id=mcp-proxy-service&client_secret="
                + java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(identity + "/api/v1/auth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("POST /api/v1/auth/token: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).path("access_token").asText();
    }

    private String login(String gateway, String password) throws IOException, InterruptedException {
        JsonNode r = send(gateway + "/api/v1/auth/login", null, "POST",
                JSON.writeValueAsString(Map.of("username", "admin", "password", password)), 200);
        return r.path("access_token").asText();
    }

    private void startTool(String gateway, String token, Path everything) throws Exception {
        HttpResponse<String> existing = http.send(request(gateway + "/api/v1/tools/" + TOOL, token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (existing.statusCode() == 404) {
            send(gateway + "/api/v1/tools", token, "POST", JSON.writeValueAsString(Map.of("name", TOOL,
                    "transport", "stdio", "command", everything.toString(), "args", List.of("stdio"))), 201);
        }
        JsonNode status = send(gateway + "/api/v1/tools/" + TOOL + "/status", token, "GET", null, 200);
        if (!"running".equals(status.path("state").asText())) {
            send(gateway + "/api/v1/tools/" + TOOL + "/start", token, "POST", "", 202);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!"running".equals(status.path("state").asText())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("tool " + TOOL + " not running: " + status);
            }
            Thread.sleep(300);
            status = send(gateway + "/api/v1/tools/" + TOOL + "/status", token, "GET", null, 200);
        }
        pids.put("node", status.path("pid").asLong());
    }

    /** Waits until the proxy has connected to the bridge and lists the tool. */
    private void awaitCatalog(String gateway, String token) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> tools = http.send(request(gateway + "/api/v1/mcp/http/tools", token).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (tools.statusCode() == 200 && tools.body().contains("\"" + TOOL + "__echo\"")) {
                return;
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("the proxy never listed " + TOOL + "__echo");
    }

    private JsonNode send(String url, String token, String method, String body, int expected)
            throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        HttpResponse<String> r = http.send(request(url, token).method(method, publisher).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + url + ": expected " + expected + ", got " + r.statusCode()
                    + " " + r.body());
        }
        return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    private static HttpRequest.Builder request(String url, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Accept", "application/json");
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--")) {
                int eq = arg.indexOf('=');
                options.put(eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "" : arg.substring(eq + 1));
            }
        }
        return options;
    }
}
