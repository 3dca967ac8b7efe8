package one.mcps.gateway.bench;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import one.mcps.testing.TestTokens;

/**
 * Measures what the gateway hop costs: small authenticated GETs sent straight to an upstream, then through the
 * packaged gateway to the same upstream, in a closed loop (each connection keeps one request in flight). Prints
 * requests/s and p50/p99 latency of both, and the difference. Run by hand (see gateway-service/README.md); the load
 * generator, the gateway and the upstream share this machine's cores, so the figures are a floor, not a ceiling.
 *
 * <p>
 * Arguments (all optional): {@code connections} (default 64), {@code seconds} per measurement (default 15).
 */
public final class GatewayBenchmark {

    private static final String PATH = "/api/v1/tools/bench";
    private static final String BODY = "{\"name\":\"fs\",\"status\":\"running\"}";

    private GatewayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Vertx vertx = Vertx.vertx();
        int upstreamPort = vertx.createHttpServer()
                .requestHandler(r -> r.response().putHeader("Content-Type", "application/json").end(BODY))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get().actualPort();
        int gatewayPort = freePort();
        Process gateway = startGateway(upstreamPort, gatewayPort);
        try {
            awaitLive(gatewayPort);
            String token = TestTokens.forUser("bench", "viewer");
            for (int concurrency : new int[] { 1, connections }) {
                System.out.printf("%n== %d connection(s), %d s each (after %d s warm-up)%n", concurrency, seconds,
                        seconds / 3 + 1);
                run(vertx, upstreamPort, token, concurrency, seconds / 3 + 1);
                Result direct = run(vertx, upstreamPort, token, concurrency, seconds);
                run(vertx, gatewayPort, token, concurrency, seconds / 3 + 1);
                Result hop = run(vertx, gatewayPort, token, concurrency, seconds);
                System.out.println("direct   " + direct);
                System.out.println("gateway  " + hop);
                System.out.printf("added    p50 %.3f ms, p99 %.3f ms; throughput %.0f%% of direct%n",
                        hop.p50Ms - direct.p50Ms, hop.p99Ms - direct.p99Ms, 100.0 * hop.perSecond / direct.perSecond);
            }
        } finally {
            gateway.destroy();
            gateway.waitFor(20, TimeUnit.SECONDS);
            vertx.close();
        }
    }

    private record Result(double perSecond, double p50Ms, double p99Ms, int errors) {

        @Override
        public String toString() {
            return String.format("%8.0f req/s  p50 %.3f ms  p99 %.3f ms  errors %d", perSecond, p50Ms, p99Ms,
                    errors);
        }
    }

    private static Result run(Vertx vertx, int port, String token, int concurrency, int seconds) throws Exception {
        io.vertx.core.http.HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setMaxPoolSize(concurrency).setKeepAlive(true));
        long[] latencies = new long[20_000_000];
        AtomicInteger count = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
                .setURI(PATH).putHeader("Authorization", "Bearer " + token);
        CompletableFuture<?>[] loops = new CompletableFuture<?>[concurrency];
        long start = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            loops[i] = done;
            loop(client, options, latencies, count, errors, running, done);
        }
        Thread.sleep(seconds * 1000L);
        running.set(false);
        CompletableFuture.allOf(loops).get(30, TimeUnit.SECONDS);
        double elapsedS = (System.nanoTime() - start) / 1e9;
        client.close();
        int n = Math.min(count.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        return new Result(n / elapsedS, sorted[n / 2] / 1e6, sorted[(int) (n * 0.99)] / 1e6, errors.get());
    }

    private static void loop(io.vertx.core.http.HttpClient client, RequestOptions options, long[] latencies,
            AtomicInteger count, AtomicInteger errors, AtomicBoolean running, CompletableFuture<Void> done) {
        if (!running.get()) {
            done.complete(null);
            return;
        }
        long sent = System.nanoTime();
        client.request(options).compose(r -> r.send().compose(response -> response.body().map(b -> response)))
                .onComplete(ar -> {
                    if (ar.failed() || ar.result().statusCode() != 200) {
                        errors.incrementAndGet();
                    } else {
                        int i = count.getAndIncrement();
                        if (i < latencies.length) {
                            latencies[i] = System.nanoTime() - sent;
                        }
                    }
                    loop(client, options, latencies, count, errors, running, done);
                });
    }

    private static Process startGateway(int upstreamPort, int gatewayPort) throws IOException {
        Path module = Path.of(System.getProperty("mcps.gateway.dir", "gateway-service")).toAbsolutePath();
        File jar = module.resolve("target/quarkus-app/quarkus-run.jar").toFile();
        if (!jar.isFile()) {
            throw new IllegalStateException("Package the gateway first: " + jar + " is missing");
        }
        File publicKey = module.getParent().resolve("test-support/src/main/resources/mcps-test-publicKey.pem")
                .toFile();
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx512m", "-jar", jar.getPath())
                .redirectErrorStream(true)
                .redirectOutput(new File(System.getProperty("java.io.tmpdir"), "gateway-bench.log"));
        builder.environment().put("MCPS_GATEWAY_PORT", Integer.toString(gatewayPort));
        builder.environment().put("MCPS_TOOL_URL", "http://127.0.0.1:" + upstreamPort);
        builder.environment().put("MCPS_JWKS_URL", publicKey.toURI().toString());
        // The limiter stays in the path, with a limit one client cannot reach; runtime settings that others put on
        // the shared topic (a lower limit, maintenance mode) are not listened to.
        builder.environment().put("MCPS_REQUESTS_PER_MINUTE", "1000000000");
        builder.environment().put("MCPS_GATEWAY_RATE_LIMIT_SETTINGS_REQUESTS_PER_MINUTE", "bench_requests_per_minute");
        builder.environment().put("MCPS_GATEWAY_RATE_LIMIT_SETTINGS_ENABLED", "bench_rate_limiting_enabled");
        builder.environment().put("MCPS_GATEWAY_ADMIN_MAINTENANCE_SETTING", "bench_maintenance_mode");
        builder.environment().putIfAbsent("MCPS_GATEWAY_ACCESS_LOG", "true");
        return builder.start();
    }

    private static void awaitLive(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest live = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/live")).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(live, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("The gateway did not start; see gateway-bench.log in the temp folder");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
