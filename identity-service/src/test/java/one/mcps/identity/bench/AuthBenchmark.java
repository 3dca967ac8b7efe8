package one.mcps.identity.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.build.Jwt;

/**
 * A hand-run harness (not a test): JWT verifications per second on one thread, the way every service checks a
 * token (smallrye-jwt, RS256, issuer check), and logins per second against a running identity-service. Loops are
 * bounded in count and time. See identity-service/README.md for the command.
 */
public final class AuthBenchmark {

    private static final String ISSUER = "https://mcps.one";

    private AuthBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int verifications = Integer.getInteger("bench.verifications", 200_000);
        verifyJwts(verifications);
        bcrypt(Integer.getInteger("bench.bcrypt-cost", 12), Integer.getInteger("bench.hashes", 10));
        String url = System.getProperty("bench.url", "http://127.0.0.1:8081");
        String username = System.getProperty("bench.username", "admin");
        String password = System.getProperty("bench.password", System.getenv("MCPS_ADMIN_PASSWORD"));
        if (password == null) {
            System.out.println("logins: skipped (give -Dbench.password or MCPS_ADMIN_PASSWORD)");
            return;
        }
        logins(url, username, password, Integer.getInteger("bench.logins", 40),
                Integer.getInteger("bench.concurrency", 4));
    }

    private static void verifyJwts(int count) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        String token = Jwt.issuer(ISSUER).subject(UUID.randomUUID().toString()).upn("bench")
                .groups(Set.of("operator")).claim("jti", UUID.randomUUID().toString())
                .expiresIn(Duration.ofMinutes(30)).jws().keyId("bench").sign(pair.getPrivate());
        DefaultJWTParser parser = new DefaultJWTParser(new JWTAuthContextInfo(
                (RSAPublicKey) pair.getPublic(), ISSUER));
        int warmup = Math.min(count, 20_000);
        for (int i = 0; i < warmup; i++) {
            parser.parse(token);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        int done = 0;
        while (done < count && System.nanoTime() < deadline) {
            parser.parse(token);
            done++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // CPU time of this thread: what one core does, whatever else the machine is busy with.
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        System.out.printf("jwt verifications: %d in %.2f s wall = %.0f/s; %.2f s CPU = %.0f/s per core "
                + "(RS256, 2048-bit key, one thread)%n", done, seconds, done / seconds, cpuSeconds, done / cpuSeconds);
    }

    /** What one login costs a core, free of the machine's other load: bcrypt checks per CPU second. */
    private static void bcrypt(int cost, int count) {
        String hash = BcryptUtil.bcryptHash("benchmark password", cost);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < count; i++) {
            BcryptUtil.matches("benchmark password", hash);
        }
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        System.out.printf("bcrypt checks (cost %d): %d in %.2f s CPU = %.1f/s per core, %.0f ms each%n", cost, count,
                cpuSeconds, count / cpuSeconds, cpuSeconds * 1000 / count);
    }

    private static void logins(String url, String username, String password, int count, int concurrency)
            throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String body = "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/v1/auth/login"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> first = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (first.statusCode() != 200) {
            System.out.println("logins: skipped, the first login answered " + first.statusCode() + ": "
                    + first.body());
            return;
        }
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            work.add(pool.submit(() -> {
                try {
                    int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    (status == 200 ? ok : failed).incrementAndGet();
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("logins: %d ok, %d failed in %.2f s = %.1f/s with %d concurrent clients (bcrypt)%n",
                ok.get(), failed.get(), seconds, ok.get() / seconds, concurrency);
    }
}
