package one.mcps.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What a throwaway stack of the services (the acceptance suite's, the benchmark's) needs before it starts: its own
 * databases, fresh, on the local PostgreSQL, and its own copies of the packaged services, so that a rebuild running
 * beside it cannot pull a jar away mid-run.
 */
public final class StackFiles {

    private StackFiles() {
    }

    /** Drops and creates {@code databases} so a run starts from nothing. */
    public static void recreateDatabases(Collection<String> databases) throws SQLException {
        String url = "jdbc:postgresql://" + setting("MCPS_DB_HOST", "127.0.0.1") + ":" + setting("MCPS_DB_PORT", "55432")
                + "/postgres";
        try (Connection c = DriverManager.getConnection(url, setting("MCPS_DB_USER", "mcps"),
                setting("MCPS_DB_PASSWORD", "mcps")); Statement s = c.createStatement()) {
            for (String db : databases) {
                s.execute("drop database if exists " + db + " with (force)");
                s.execute("create database " + db);
            }
        }
    }

    /** Copies {@code module}'s packaged fast-jar folder ({@code target/quarkus-app}) to {@code to}. */
    public static void copyApp(Path root, String module, Path to) throws IOException {
        Path from = root.resolve(module).resolve("target/quarkus-app");
        if (!Files.isRegularFile(from.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(from + "/quarkus-run.jar is missing: package the services first "
                    + "(mvn -B -q -DskipTests package)");
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    public static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** An environment variable, or {@code fallback} when it is unset or blank. */
    public static String setting(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
