package one.mcps.tools.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import one.mcps.testing.LocalStack;
import one.mcps.testing.TestTokens;

/**
 * By hand, not in the test suite: tools/call throughput and latency of {@code mcp-server-everything}'s echo
 * through the bridge at 1 and 32 concurrent sessions, against the same server driven directly over stdio, plus
 * the idle RSS of tool-service. Starts the packaged service itself (profile {@code test}: the local stack's test
 * database and the test JWT key). See tool-service/README.md for the command.
 */
public final class BridgeBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WARMUP = Integer.getInteger("bench.warmup", 20000);
    private static final int CALLS = Integer.getInteger("bench.calls", 20000);
    private static final boolean DIRECT = Boolean.parseBoolean(System.getProperty("bench.direct", "true"));
    private static final String SESSIONS = System.getProperty("bench.sessions", "1,32");

    private record Result(String what, int concurrency, int calls, double perSecond, double p50Ms, double p99Ms,
            Usage cpu) {
        @Override
        public String toString() {
            return String.format("%-28s %4d %8d %10.0f %9.3f %9.3f %10.1f %10.1f %10.1f", what, concurrency, calls,
                    perSecond, p50Ms, p99Ms, cpu.client() / 1e3 / calls, cpu.service() / 1e3 / calls,
                    cpu.server() / 1e3 / calls);
        }
    }

    /**
     * CPU time (user + system, from /proc, in ns, JIT compiler threads left out) of the benchmark's own JVM (the
     * client), of tool-service and of the MCP server processes, so that each party's cost per call shows apart from
     * the others on shared cores.
     */
    private record Usage(long client, long service, long server) {

        private static final double NANOS_PER_TICK = 1e9 / 100; // USER_HZ

        static volatile long servicePid = -1;
        static volatile long directServerPid = -1;

        static Usage now() {
            long server = directServerPid > 0 ? cpu(directServerPid)
                    : ProcessHandle.of(servicePid).map(h -> h.descendants().mapToLong(d -> cpu(d.pid())).sum())
                            .orElse(0L);
            return new Usage(cpu(ProcessHandle.current().pid()), servicePid > 0 ? cpu(servicePid) : 0, server);
        }

        Usage until(Usage later) {
            return new Usage(later.client - client, later.service - service, later.server - server);
        }

        /** Summed over the process's threads, leaving out JIT compiler threads (warm-up, not the calls' cost). */
        private static long cpu(long pid) {
            try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                return tasks.mapToLong(Usage::threadCpu).sum();
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        private static long threadCpu(Path task) {
            try {
                String stat = Files.readString(task.resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                    return 0;
                }
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // fields after the command: state is [0], utime [11], stime [12]
                return (long) ((Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK);
            } catch (IOException | RuntimeException e) {
                return 0; // the thread ended meanwhile
            }
        }
    }

    private BridgeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path home = LocalStack.home();
        String everything = home.resolve("deploy/npm/node_modules/.bin/mcp-server-everything").toString();
        List<Result> results = new ArrayList<>();

        if (DIRECT) {
            for (String sessions : SESSIONS.split(",")) {
                results.add(direct(everything, Integer.parseInt(sessions.trim())));
            }
        }

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process service = startService(home, port);
        Usage.servicePid = service.pid();
        try {
            awaitUp(port);
            Thread.sleep(5000);
            long idleRss = rssBytes(service.pid());
            String base = "http://127.0.0.1:" + port;
            String name = "bench-" + Long.toHexString(System.nanoTime());
            admin(base, "POST", "/api/v1/tools", "{\"name\":\"" + name + "\",\"transport\":\"stdio\",\"command\":\""
                    + everything + "\",\"args\":[\"stdio\"],\"max_concurrency\":256}");
            admin(base, "POST", "/api/v1/tools/" + name + "/start", null);
            awaitRunning(base, name);
            String bridge = "/internal/tools/" + name + "/mcp";
            for (String sessions : SESSIONS.split(",")) {
                results.add(bridge(port, bridge, Integer.parseInt(sessions.trim())));
            }
            long busyRss = rssBytes(service.pid());
            admin(base, "DELETE", "/api/v1/tools/" + name, null);

            System.out.println();
            System.out.println(String.format("%-28s %4s %8s %10s %9s %9s %10s %10s %10s", "path", "conc", "calls",
                    "calls/s", "p50 ms", "p99 ms", "client µs", "service µs", "server µs"));
            System.out.println("(µs: CPU time per call of the benchmark client, tool-service, the MCP server)");
            results.forEach(System.out::println);
            System.out.printf("tool-service RSS: idle %.1f MB, after the bridge runs %.1f MB (JVM options: %s)%n",
                    idleRss / 1048576.0, busyRss / 1048576.0, jvmOptions());
        } finally {
            service.destroy();
            service.waitFor(20, TimeUnit.SECONDS);
        }
    }

    // ---- the same server over stdio, no bridge

    private static Result direct(String command, int concurrency) throws Exception {
        Process p = new ProcessBuilder(command, "stdio").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Usage.directServerPid = p.pid();
        try {
            OutputStream in = p.getOutputStream();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            Map<Long, Long> sentAt = new ConcurrentHashMap<>();
            Map<Long, CountDownLatch> waiters = new ConcurrentHashMap<>();
            Thread reader = new Thread(() -> {
                try {
                    String line;
                    while ((line = out.readLine()) != null) {
                        JsonNode msg = JSON.readTree(line);
                        CountDownLatch latch = waiters.remove(msg.path("id").asLong(-1));
                        if (latch != null) {
                            latch.countDown();
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
            AtomicLong ids = new AtomicLong();
            Object lock = new Object();
            RequestSender send = (id, body) -> {
                CountDownLatch latch = new CountDownLatch(1);
                waiters.put(id, latch);
                synchronized (lock) {
                    in.write(body.getBytes(StandardCharsets.UTF_8));
                    in.write('\n');
                    in.flush();
                }
                latch.await();
            };
            long init = ids.incrementAndGet();
            send.send(init, "{\"jsonrpc\":\"2.0\",\"id\":" + init + ",\"method\":\"initialize\",\"params\":{"
                    + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\","
                    + "\"version\":\"1\"}}}");
            synchronized (lock) {
                in.write("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n".getBytes());
                in.flush();
            }
            return closedLoop("direct stdio", concurrency, id -> send.send(id, echo(id)), ids);
        } finally {
            Usage.directServerPid = -1;
            p.destroy();
        }
    }

    // ---- through the bridge, one session per concurrent client

    /**
     * A lean client: one Vert.x event loop drives every session's keep-alive connection, each sending its next
     * call when the previous one is answered (no thread per session, no hand-off between threads per call).
     */
    private static Result bridge(int port, String path, int concurrency) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                .setDefaultHost("127.0.0.1").setDefaultPort(port), new PoolOptions().setHttp1MaxSize(concurrency));
        try {
            String token = "Bearer " + TestTokens.service();
            String[] sessions = new String[concurrency];
            for (int i = 0; i < concurrency; i++) {
                sessions[i] = send(client, path, token, null, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":"
                        + "\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                        + "\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}").toCompletionStage()
                        .toCompletableFuture().get(30, TimeUnit.SECONDS).getHeader("Mcp-Session-Id");
            }
            AtomicLong ids = new AtomicLong();
            asyncLoop(concurrency, WARMUP, client, path, token, sessions, ids, null);
            long[] latencies = new long[CALLS];
            Usage before = Usage.now();
            long start = System.nanoTime();
            asyncLoop(concurrency, CALLS, client, path, token, sessions, ids, latencies);
            double seconds = (System.nanoTime() - start) / 1e9;
            return result("bridge (Streamable HTTP)", concurrency, seconds, latencies, before.until(Usage.now()));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static void asyncLoop(int concurrency, int calls, HttpClient client, String path, String token,
            String[] sessions, AtomicLong ids, long[] latencies) throws Exception {
        AtomicInteger remaining = new AtomicInteger(calls);
        AtomicInteger slot = new AtomicInteger();
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger running = new AtomicInteger(concurrency);
        for (int i = 0; i < concurrency; i++) {
            next(client, path, token, sessions[i], ids, remaining, slot, latencies, running, done);
        }
        done.get(10, TimeUnit.MINUTES);
    }

    private static void next(HttpClient client, String path, String token, String session, AtomicLong ids,
            AtomicInteger remaining, AtomicInteger slot, long[] latencies, AtomicInteger running,
            CompletableFuture<Void> done) {
        if (remaining.decrementAndGet() < 0) {
            if (running.decrementAndGet() == 0) {
                done.complete(null);
            }
            return;
        }
        long id = ids.incrementAndGet();
        long begin = System.nanoTime();
        send(client, path, token, session, echo(id)).compose(r -> r.body().map(b -> {
            if (r.statusCode() != 200 || !b.toString().contains("hello " + id + "\"")) {
                throw new IllegalStateException("Wrong answer for " + id + ": " + r.statusCode() + " " + b);
            }
            return b;
        })).onComplete(ar -> {
            if (ar.failed()) {
                done.completeExceptionally(ar.cause());
                return;
            }
            if (latencies != null) {
                latencies[slot.getAndIncrement()] = System.nanoTime() - begin;
            }
            next(client, path, token, session, ids, remaining, slot, latencies, running, done);
        });
    }

    private static Future<HttpClientResponse> send(HttpClient client, String path, String token, String session,
            String body) {
        return client.request(HttpMethod.POST, path).compose(request -> {
            request.putHeader("Authorization", token).putHeader("Content-Type", "application/json")
                    .putHeader("Accept", "application/json, text/event-stream");
            if (session != null) {
                request.putHeader("Mcp-Session-Id", session);
            }
            return request.send(body);
        });
    }

    // ---- measurement: each of `concurrency` threads sends its next call when the previous one is answered

    private interface Call {
        void run(long id) throws Exception;
    }

    private interface RequestSender {
        void send(long id, String body) throws Exception;
    }

    private static Result closedLoop(String what, int concurrency, Call call, AtomicLong ids) throws Exception {
        run(concurrency, WARMUP, call, ids, null);
        long[] latencies = new long[CALLS];
        Usage before = Usage.now();
        long start = System.nanoTime();
        run(concurrency, CALLS, call, ids, latencies);
        double seconds = (System.nanoTime() - start) / 1e9;
        return result(what, concurrency, seconds, latencies, before.until(Usage.now()));
    }

    private static Result result(String what, int concurrency, double seconds, long[] latencies, Usage cpu) {
        Arrays.sort(latencies);
        return new Result(what, concurrency, CALLS, CALLS / seconds, latencies[CALLS / 2] / 1e6,
                latencies[(int) (CALLS * 0.99)] / 1e6, cpu);
    }

    private static void run(int concurrency, int calls, Call call, AtomicLong ids, long[] latencies)
            throws InterruptedException {
        AtomicInteger remaining = new AtomicInteger(calls);
        AtomicInteger slot = new AtomicInteger();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            Thread thread = new Thread(() -> {
                while (remaining.decrementAndGet() >= 0) {
                    long id = ids.incrementAndGet();
                    long begin = System.nanoTime();
                    try {
                        call.run(id);
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                        return;
                    }
                    if (latencies != null) {
                        latencies[slot.getAndIncrement()] = System.nanoTime() - begin;
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("A call failed", failure.get());
        }
    }

    private static String echo(long id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{\"message\":\"hello " + id + "\"}}}";
    }

    // ---- the service under test

    private static String jvmOptions() {
        // as deploy/local/services.sh starts the services
        return System.getProperty("bench.jvm", "-Xms32m -Xmx512m -XX:+UseSerialGC -XX:MaxMetaspaceSize=192m");
    }

    private static Process startService(Path home, int port) throws IOException {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(Arrays.asList(jvmOptions().split(" ")));
        command.addAll(List.of("-Dquarkus.profile=test", "-Dquarkus.http.port=" + port, "-Dmcps.home=" + home,
                "-Dmcps.tools.supervisor.reconcile-on-start=false", "-Dmcps.service.secret=bench-only",
                // the packaged service has no test-support jar on its class path: point it at the test key file
                "-Dmp.jwt.verify.publickey.location="
                        + home.resolve("test-support/src/main/resources/mcps-test-publicKey.pem").toUri(),
                "-jar",
                home.resolve("tool-service/target/quarkus-app/quarkus-run.jar").toString()));
        Path log = Files.createTempFile("tool-service-bench", ".log");
        System.out.println("tool-service log: " + log);
        return new ProcessBuilder(command).directory(home.resolve("tool-service").toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitUp(int port) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/live")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("tool-service did not start");
    }

    private static JsonNode admin(String base, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TestTokens.admin()).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body().isEmpty() ? null : JSON.readTree(response.body());
    }

    private static void awaitRunning(String base, String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            JsonNode status = admin(base, "GET", "/api/v1/tools/" + name + "/status", null);
            if ("running".equals(status.path("state").asText())) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " did not reach running");
    }

    private static long rssBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }
}
