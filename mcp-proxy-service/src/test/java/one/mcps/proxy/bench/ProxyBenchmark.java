package one.mcps.proxy.bench;

import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import one.mcps.proxy.support.McpUpstreams;
import one.mcps.testing.TestTokens;

/**
 * Run by hand (see mcp-proxy-service/README.md), never by the test suite. Starts mcp-server-everything, a
 * tool-service stand-in and the packaged proxy, then measures {@code tools/call} throughput and p50/p99 at 1, 8 and
 * 32 concurrent sessions through the proxy and straight to the upstream, {@code ping} through the proxy alone, and
 * the proxy's RSS holding idle sessions.
 */
public final class ProxyBenchmark {

    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

    private record Workload(String method, String params, String expect) {
    }

    private static final Workload CALL_DIRECT = new Workload("tools/call",
            "{\"name\":\"echo\",\"arguments\":{\"message\":\"bench\"}}", "Echo: bench");
    private static final Workload CALL_PROXY = new Workload("tools/call",
            "{\"name\":\"everything__echo\",\"arguments\":{\"message\":\"bench\"}}", "Echo: bench");
    private static final Workload PING = new Workload("ping", "{}", "\"result\"");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String token = TestTokens.admin();

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Duration duration = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "10")));
        int idle = Integer.parseInt(options.getOrDefault("idle-sessions", "10000"));
        Duration warmUp = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warm-up", "0")));
        List<Integer> levels = Arrays.stream(options.getOrDefault("levels", "1,8,32").split(","))
                .map(Integer::parseInt).toList();
        new ProxyBenchmark().run(Path.of(options.getOrDefault("jar",
                "mcp-proxy-service/target/quarkus-app/quarkus-run.jar")), levels, duration, idle, warmUp);
    }

    private void run(Path jar, List<Integer> levels, Duration duration, int idleSessions, Duration warmUp)
            throws Exception {
        McpUpstreams upstreams = new McpUpstreams();
        Map<String, String> upstreamConfig = upstreams.start();
        Process proxy = null;
        try {
            int port = freePort();
            proxy = startProxy(jar, port, upstreamConfig);
            String proxyUrl = "http://127.0.0.1:" + port + "/mcp";
            awaitTool("http://127.0.0.1:" + port);
            String direct = upstreamConfig.get("mcps.test.everything-url");
            if (!warmUp.isZero()) {
                // A fresh JVM interprets before it compiles: without this the first rows measure the JIT.
                load(proxyUrl, CALL_PROXY, 8, warmUp);
                load(proxyUrl, PING, 8, warmUp);
            }
            System.out.printf("%-8s %8s %10s %10s %10s %10s%n", "target", "sessions", "calls", "calls/s", "p50 ms",
                    "p99 ms");
            for (int sessions : levels) {
                report("direct", sessions, load(direct, CALL_DIRECT, sessions, duration));
                report("proxy", sessions, load(proxyUrl, CALL_PROXY, sessions, duration));
                // The proxy's own share: auth, session, JSON and catalog, with no upstream hop.
                report("ping", sessions, load(proxyUrl, PING, sessions, duration));
            }
            long before = rssKb(proxy.pid());
            for (int i = 0; i < idleSessions; i++) {
                initialize(proxyUrl);
            }
            System.gc();
            Thread.sleep(2000);
            long after = rssKb(proxy.pid());
            System.out.printf("proxy RSS: %d MB before, %d MB holding %d more idle sessions%n", before / 1024,
                    after / 1024, idleSessions);
        } finally {
            if (proxy != null) {
                proxy.destroy();
            }
            upstreams.stop();
        }
    }

    private Process startProxy(Path jar, int port, Map<String, String> upstreamConfig) throws IOException {
        Path publicKey = Path.of("test-support/src/main/resources/mcps-test-publicKey.pem").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of("java", "-Xms32m", "-Xmx512m", "-XX:+UseSerialGC",
                "-XX:MaxMetaspaceSize=192m", "-Dquarkus.http.port=" + port,
                "-Dmcps.tools.url=" + upstreamConfig.get("mcps.tools.url"),
                "-Dmcps.identity.url=" + upstreamConfig.get("mcps.identity.url"),
                "-Dmcps.db.name=mcps_proxy_test", "-Dmcps.service.secret=bench-secret",
                "-Dmp.jwt.verify.publickey.location=" + publicKey.toUri(),
                "-Dquarkus.log.level=WARN", "-jar", jar.toString()));
        Path log = Files.createTempFile("proxy-bench", ".log");
        System.out.println("proxy log: " + log);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private void awaitTool(String base) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> tools = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/mcp/http/tools"))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                if (tools.statusCode() == 200 && tools.body().contains("everything__echo")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the proxy did not connect to the upstream in time");
    }

    private record Result(long calls, double seconds, long[] latenciesNanos) {
    }

    private Result load(String url, Workload work, int sessions, Duration duration) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            ids.add(initialize(url));
        }
        long[][] latencies = new long[sessions][];
        AtomicLong calls = new AtomicLong();
        CountDownLatch done = new CountDownLatch(sessions);
        long end = System.nanoTime() + duration.toNanos();
        long started = System.nanoTime();
        for (int s = 0; s < sessions; s++) {
            int worker = s;
            Thread thread = new Thread(() -> {
                long[] mine = new long[1 << 20];
                int n = 0;
                try {
                    while (System.nanoTime() < end && n < mine.length) {
                        String body = "{\"jsonrpc\":\"2.0\",\"id\":" + (n + 1) + ",\"method\":\"" + work.method()
                                + "\",\"params\":" + work.params() + "}";
                        long t0 = System.nanoTime();
                        String answer = post(url, ids.get(worker), body);
                        mine[n++] = System.nanoTime() - t0;
                        if (!answer.contains(work.expect())) {
                            throw new IllegalStateException("unexpected answer: " + answer);
                        }
                    }
                } catch (Exception e) {
                    System.err.println("worker " + worker + ": " + e.getMessage());
                } finally {
                    latencies[worker] = Arrays.copyOf(mine, n);
                    calls.addAndGet(n);
                    done.countDown();
                }
            });
            thread.start();
        }
        done.await();
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(calls.get(), seconds, all);
    }

    private static void report(String target, int sessions, Result result) {
        long[] l = result.latenciesNanos();
        double p50 = l.length == 0 ? 0 : l[(int) (l.length * 0.50)] / 1e6;
        double p99 = l.length == 0 ? 0 : l[Math.min(l.length - 1, (int) (l.length * 0.99))] / 1e6;
        System.out.printf("%-8s %8d %10d %10.0f %10.2f %10.2f%n", target, sessions, result.calls(),
                result.calls() / result.seconds(), p50, p99);
    }

    private String initialize(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request(url, null, INIT), HttpResponse.BodyHandlers.ofString());
        String id = response.headers().firstValue("Mcp-Session-Id").orElseThrow(
                () -> new IllegalStateException("no session from " + url + ": " + response.body()));
        http.send(request(url, id, INITIALIZED), HttpResponse.BodyHandlers.discarding());
        return id;
    }

    private String post(String url, String session, String body) throws IOException, InterruptedException {
        return http.send(request(url, session, body), HttpResponse.BodyHandlers.ofString()).body();
    }

    private HttpRequest request(String url, String session, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            builder.header("Mcp-Session-Id", session);
        }
        return builder.build();
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
        }
        return options;
    }
}
