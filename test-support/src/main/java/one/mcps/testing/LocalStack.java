package one.mcps.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL server and Kafka broker of {@code deploy/local}, shared by every test of a run. Started by the
 * project's own script when not running yet; never stopped by a test (the next module reuses them).
 */
public final class LocalStack {

    private LocalStack() {
    }

    public static String dbHost() {
        return env("MCPS_DB_HOST", "127.0.0.1");
    }

    public static int dbPort() {
        return Integer.parseInt(env("MCPS_DB_PORT", "55432"));
    }

    public static String kafkaBootstrap() {
        return env("MCPS_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
    }

    /** The project's root folder (where {@code ./mcps} is). */
    public static Path home() {
        String configured = System.getProperty("mcps.home");
        Path dir = configured != null ? Paths.get(configured) : Paths.get("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isExecutable(p.resolve("mcps"))) {
                return p;
            }
        }
        throw new IllegalStateException("Cannot find the project root (the folder with ./mcps) above " + dir);
    }

    /** Makes sure PostgreSQL and Kafka answer; starts them with {@code ./mcps infra} when they do not. */
    public static synchronized void ensureRunning() {
        String[] kafka = kafkaBootstrap().split(",")[0].split(":");
        if (answers(dbHost(), dbPort()) && answers(kafka[0], Integer.parseInt(kafka[1]))) {
            return;
        }
        try {
            Process process = new ProcessBuilder(home().resolve("mcps").toString(), "infra")
                    .directory(home().toFile()).inheritIO().start();
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("./mcps infra failed; see its output above");
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run ./mcps infra", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the local stack", e);
        }
    }

    public static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
