package one.mcps.identity.oauth.token;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import one.mcps.identity.oauth.OAuthConfig;
import one.mcps.identity.tokens.Secrets;

/** Issues one-time authorization codes, inside the caller's transaction. */
@ApplicationScoped
public class AuthorizationCodes {

    private final AuthorizationCodeRepository codes;
    private final OAuthConfig config;

    public AuthorizationCodes(AuthorizationCodeRepository codes, OAuthConfig config) {
        this.codes = codes;
        this.config = config;
    }

    /** What a code is bound to: the authorization request that was approved and the grant it was approved under. */
    public record Binding(String clientId, String redirectUri, String codeChallenge, Set<String> scopes,
            String resource, UUID userId, UUID grantId) {
    }

    /** A new code (the value to send to the client; only its hash is stored). */
    public Uni<String> issue(Binding binding) {
        String code = Secrets.random();
        AuthorizationCode row = new AuthorizationCode();
        row.codeHash = Secrets.sha256(code);
        row.clientId = binding.clientId();
        row.redirectUri = binding.redirectUri();
        row.codeChallenge = binding.codeChallenge();
        row.scopes = binding.scopes().toArray(String[]::new);
        row.resource = binding.resource();
        row.userId = binding.userId();
        row.grantId = binding.grantId();
        row.familyId = UUID.randomUUID();
        row.createdAt = Instant.now();
        row.expiresAt = row.createdAt.plus(config.codeTtl());
        return codes.persist(row).replaceWith(code);
    }
}
