package one.mcps.identity.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.jose4j.jwk.JsonWebKeySet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key files as the local stack and a rotation use them; no Quarkus needed. */
class SigningKeysTest {

    @TempDir
    Path dir;

    @Test
    void aPairIsGeneratedOnFirstStartAndReusedAfter() throws Exception {
        Path jwks = dir.resolve("out/jwks.json");
        SigningKeys first = keys(dir.resolve("keys"), Optional.empty(), Optional.of(jwks.toString()));
        assertTrue(Files.exists(dir.resolve("keys/private.pem")));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("keys/private.pem"))));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("keys/public.pem"))));
        SigningKeys second = keys(dir.resolve("keys"), Optional.empty(), Optional.empty());
        assertEquals(first.keyId(), second.keyId());
        assertEquals(first.jwksJson(), Files.readString(jwks));
        assertFalse(first.jwksJson().contains("\"d\""), "the JWKS must hold public keys only");
    }

    @Test
    void aRotationKeepsThePreviousPublicKeyPublished() throws Exception {
        SigningKeys old = keys(dir.resolve("old"), Optional.empty(), Optional.empty());
        SigningKeys rotated = keys(dir.resolve("new"),
                Optional.of(List.of(dir.resolve("old/public.pem").toString())), Optional.empty());
        assertNotEquals(old.keyId(), rotated.keyId());
        List<String> kids = new JsonWebKeySet(rotated.jwksJson()).getJsonWebKeys().stream()
                .map(k -> k.getKeyId()).toList();
        assertEquals(List.of(rotated.keyId(), old.keyId()), kids);
    }

    @Test
    void instancesStartingTogetherAgreeOnOneGeneratedPair() throws Exception {
        for (int round = 0; round < 8; round++) {
            Path keyDir = dir.resolve("race-" + round);
            CyclicBarrier start = new CyclicBarrier(2);
            Callable<SigningKeys> instance = () -> {
                start.await();
                return keys(keyDir, Optional.empty(), Optional.empty());
            };
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<SigningKeys> a = pool.submit(instance);
                Future<SigningKeys> b = pool.submit(instance);
                String kid = a.get().keyId();
                assertEquals(kid, b.get().keyId(), "both instances must sign with the same key");
                // What a third instance (or a restart) reads from the folder is that same pair.
                assertEquals(kid, keys(keyDir, Optional.empty(), Optional.empty()).keyId());
                assertEquals(List.of("private.pem", "public.pem"), listing(keyDir), "no temporary files left");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static List<String> listing(Path keyDir) throws Exception {
        try (Stream<Path> files = Files.list(keyDir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static SigningKeys keys(Path keyDir, Optional<List<String>> previous, Optional<String> jwksFile) {
        return new SigningKeys(Optional.empty(), Optional.empty(), keyDir.toString(), Optional.empty(), previous,
                jwksFile);
    }
}
