package one.mcps.observability.backups;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * Backup files: gzip-compressed JSON under {@code mcps.backups.dir}, identified by their SHA-256. Compression and
 * file access block, so they run on a worker thread and the result comes back on the caller's context.
 */
@ApplicationScoped
public class BackupFiles {

    /** What was written: the file's name, size and checksum. */
    public record Written(String fileName, long size, String sha256) {
    }

    private final Vertx vertx;
    private final Path dir;

    public BackupFiles(Vertx vertx, @ConfigProperty(name = "mcps.backups.dir") String dir) {
        this.vertx = vertx;
        this.dir = Path.of(dir).toAbsolutePath();
    }

    public Uni<Written> write(String name, byte[] json) {
        return vertx.executeBlocking(() -> {
            byte[] gz = gzip(json);
            Files.createDirectories(dir);
            Files.write(dir.resolve(name), gz);
            return new Written(name, gz.length, sha256(gz));
        });
    }

    /** The compressed bytes, after checking they still have {@code sha256}. */
    public Uni<byte[]> read(String name, String expectedSha256) {
        return vertx.executeBlocking(() -> {
            byte[] gz = Files.readAllBytes(dir.resolve(name));
            if (!sha256(gz).equals(expectedSha256)) {
                throw new CorruptBackupException(name);
            }
            return gz;
        });
    }

    public Uni<byte[]> gunzip(byte[] gz) {
        return vertx.executeBlocking(() -> {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
                return in.readAllBytes();
            }
        });
    }

    public Uni<Void> delete(String name) {
        return vertx.executeBlocking(() -> {
            Files.deleteIfExists(dir.resolve(name));
            return null;
        });
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The file on disk no longer matches the checksum recorded when it was made. */
    public static class CorruptBackupException extends RuntimeException {
        CorruptBackupException(String name) {
            super("Backup file " + name + " does not match its checksum", null, false, false);
        }
    }
}
