package one.mcps.identity.tokens;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.JoseException;

import io.quarkus.runtime.Startup;
import io.smallrye.jwt.util.KeyUtils;

/**
 * The RS256 key pair that signs every token, and the public keys published at the JWKS endpoint: the current one
 * plus any previous ones still listed by config, so tokens signed before a rotation verify until they expire.
 * Without a configured private key file (the local stack) a pair is generated once into the key folder, which the
 * instances of the service share; with one (k8s, from a Secret) every replica reads the same pair. Also writes the
 * JWKS to a file, which identity-service itself verifies tokens against.
 */
@Singleton
@Startup
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    private static final int RSA_BITS = 2048;
    private static final String PRIVATE_FILE = "private.pem";
    private static final String PUBLIC_FILE = "public.pem";

    private final PrivateKey privateKey;
    private final String keyId;
    private final String jwksJson;

    public SigningKeys(@ConfigProperty(name = "mcps.jwt.private-key-file") Optional<String> privateKeyFile,
            @ConfigProperty(name = "mcps.jwt.public-key-file") Optional<String> publicKeyFile,
            @ConfigProperty(name = "mcps.jwt.key-dir") String keyDir,
            @ConfigProperty(name = "mcps.jwt.key-id") Optional<String> configuredKeyId,
            @ConfigProperty(name = "mcps.jwt.previous-public-key-files") Optional<List<String>> previousKeyFiles,
            @ConfigProperty(name = "mcps.jwt.jwks-file") Optional<String> jwksFile) {
        try {
            Path dir = Path.of(keyDir);
            String privateLocation = privateKeyFile.orElse(dir.resolve(PRIVATE_FILE).toString());
            if (privateKeyFile.isEmpty()) {
                generateUnlessPresent(dir, Path.of(privateLocation));
            }
            this.privateKey = KeyUtils.decodePrivateKey(read(privateLocation));
            PublicKey publicKey = publicKeyFile.isPresent() ? KeyUtils.decodePublicKey(read(publicKeyFile.get()))
                    : publicKeyOf(privateKey);
            if (privateKeyFile.isEmpty()) {
                // Kept beside the private key for the operator: it is what MCPS_JWT_PREVIOUS_PUBLIC_KEY_FILES names
                // after a rotation.
                writeAtomically(dir.resolve(PUBLIC_FILE), pem("PUBLIC KEY", publicKey.getEncoded()));
            }
            RsaJsonWebKey current = jwk(publicKey, configuredKeyId);
            this.keyId = current.getKeyId();
            List<JsonWebKey> published = new ArrayList<>(List.of(current));
            for (String previous : previousKeyFiles.orElse(List.of())) {
                published.add(jwk(KeyUtils.decodePublicKey(read(previous)), Optional.empty()));
            }
            this.jwksJson = new JsonWebKeySet(published).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
            if (jwksFile.isPresent()) {
                Path file = Path.of(jwksFile.get());
                Files.createDirectories(file.toAbsolutePath().getParent());
                // Another instance's token verification may be reading this file right now (shared data dir).
                writeAtomically(file, jwksJson);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the signing keys", e);
        } catch (GeneralSecurityException | JoseException e) {
            throw new IllegalStateException("The signing keys are not usable RSA keys", e);
        }
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public String keyId() {
        return keyId;
    }

    /** The public JWK set, as served at {@code /.well-known/jwks.json}. */
    public String jwksJson() {
        return jwksJson;
    }

    private static RsaJsonWebKey jwk(PublicKey key, Optional<String> keyId) throws JoseException {
        RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) key);
        jwk.setAlgorithm("RS256");
        jwk.setUse("sig");
        jwk.setKeyId(keyId.orElse(jwk.calculateBase64urlEncodedThumbprint("SHA-256")));
        return jwk;
    }

    /**
     * Generates a pair unless the private key file exists. Instances sharing the key folder may start at the same
     * moment: each writes its key to a temporary file and links it in under the final name, which fails when the
     * name exists, so exactly one key appears, and only whole. The losers read the winner's key. The public key is
     * derived from the private one, so no second file has to agree with it.
     */
    private static void generateUnlessPresent(Path dir, Path privateFile)
            throws IOException, GeneralSecurityException {
        if (Files.exists(privateFile)) {
            return;
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(RSA_BITS);
        KeyPair pair = generator.generateKeyPair();
        Files.createDirectories(dir);
        Path temporary = Files.createTempFile(dir, ".private-", ".tmp");
        try {
            restrict(temporary);
            Files.writeString(temporary, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.createLink(privateFile, temporary);
            LOG.infof("Generated a new RS256 signing key pair in %s", dir.toAbsolutePath());
        } catch (FileAlreadyExistsException e) {
            LOG.infof("Another instance generated the signing key pair in %s first; using it", dir.toAbsolutePath());
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static PublicKey publicKeyOf(PrivateKey key) throws GeneralSecurityException {
        if (!(key instanceof RSAPrivateCrtKey crt)) {
            throw new InvalidKeySpecException("The private key does not carry its public exponent; configure "
                    + "mcps.jwt.public-key-file");
        }
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(crt.getModulus(),
                crt.getPublicExponent()));
    }

    /** Readers see the old content or the new one, never a half-written file. */
    private static void writeAtomically(Path file, String content) throws IOException {
        if (Files.exists(file) && Files.readString(file).equals(content)) {
            return;
        }
        Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        try {
            // Public material: readable as a plainly written file was (a temporary file starts owner-only).
            permit(temporary, "rw-r--r--");
            Files.writeString(temporary, content);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void restrict(Path file) {
        permit(file, "rw-------");
    }

    private static void permit(Path file, String permissions) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException | IOException e) {
            LOG.warnf("Could not set the permissions of %s to %s", file, permissions);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** A file path, or else a classpath resource (the test key pair of test-support). */
    private static String read(String location) throws IOException {
        Path path = Path.of(location);
        if (Files.exists(path)) {
            return Files.readString(path);
        }
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(location)) {
            if (in == null) {
                throw new IOException("No key file or classpath resource " + location);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
