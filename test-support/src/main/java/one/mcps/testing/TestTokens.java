package one.mcps.testing;

import java.security.PrivateKey;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

/**
 * JWTs signed with the test key pair whose public half every service trusts in the {@code %test} profile, shaped
 * like identity-service's tokens ({@code sub}, {@code upn}, {@code groups}, {@code jti}, {@code iss}).
 */
public final class TestTokens {

    public static final String ISSUER = "https://mcps.one";
    private static final PrivateKey KEY = load();

    private TestTokens() {
    }

    public static String admin() {
        return forUser("admin", "admin");
    }

    public static String service() {
        return forUser("service-test", "service");
    }

    public static String forUser(String username, String... roles) {
        return token(UUID.nameUUIDFromBytes(username.getBytes()).toString(), username, UUID.randomUUID().toString(),
                roles);
    }

    public static String token(String userId, String username, String jti, String... roles) {
        return Jwt.issuer(ISSUER)
                .subject(userId)
                .upn(username)
                .groups(Set.of(roles))
                .claim("jti", jti)
                .expiresIn(Duration.ofMinutes(30))
                .jws().keyId("mcps-test")
                .sign(KEY);
    }

    /**
     * A token standing for a user's API key scoped to {@code servers}, as identity-service issues on behalf of one
     * (claims {@code api_key_id}, {@code servers}); the platform gives it the one role {@code scoped_key}.
     */
    public static String scoped(String username, String apiKeyId, Set<String> servers, String... roles) {
        return Jwt.issuer(ISSUER)
                .subject(UUID.nameUUIDFromBytes(username.getBytes()).toString())
                .upn(username)
                .groups(Set.of(roles))
                .claim("jti", UUID.randomUUID().toString())
                .claim("api_key_id", apiKeyId)
                .claim("servers", servers)
                .expiresIn(Duration.ofMinutes(30))
                .jws().keyId("mcps-test")
                .sign(KEY);
    }

    /**
     * An OAuth access token as identity-service issues to an MCP client: bound to {@code resource} ({@code aud}),
     * with its {@code scope}, {@code client_id} and {@code grant_id}.
     */
    public static String oauth(String username, String grantId, String resource, String scope, String... roles) {
        return Jwt.issuer(ISSUER)
                .subject(UUID.nameUUIDFromBytes(username.getBytes()).toString())
                .upn(username)
                .groups(Set.of(roles))
                .audience(resource)
                .claim("jti", UUID.randomUUID().toString())
                .claim("scope", scope)
                .claim("client_id", "https://client.example/metadata.json")
                .claim("grant_id", grantId)
                .expiresIn(Duration.ofMinutes(30))
                .jws().keyId("mcps-test")
                .sign(KEY);
    }

    private static PrivateKey load() {
        try {
            return KeyUtils.readPrivateKey("mcps-test-privateKey.pem");
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the test signing key", e);
        }
    }
}
