package one.mcps.platform.security;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * A token identity-service issued on behalf of an API key (a task running as the user who created it with that
 * key) stands for the key: it carries the key's id ({@value #API_KEY_ID_CLAIM}) and, for a scoped key, its servers
 * ({@value #SERVERS_CLAIM}). It is refused once the key is revoked and is limited like the key itself.
 */
@ApplicationScoped
public class DelegatedTokenAugmentor implements SecurityIdentityAugmentor {

    public static final String API_KEY_ID_CLAIM = "api_key_id";
    public static final String SERVERS_CLAIM = "servers";

    private final RevocationRegistry revocations;

    public DelegatedTokenAugmentor(RevocationRegistry revocations) {
        this.revocations = revocations;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)
                || (!jwt.containsClaim(API_KEY_ID_CLAIM) && !jwt.containsClaim(SERVERS_CLAIM))) {
            return Uni.createFrom().item(identity);
        }
        String apiKeyId = ClaimValues.text(jwt.getClaim(API_KEY_ID_CLAIM));
        if (revocations.isApiKeyRevoked(apiKeyId)) {
            return Uni.createFrom().failure(new AuthenticationFailedException("the token's API key was revoked"));
        }
        SecurityIdentity limited = ScopedCredentials.limit(identity, ClaimValues.names(jwt.getClaim(SERVERS_CLAIM)));
        if (apiKeyId == null) {
            return Uni.createFrom().item(limited);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(limited)
                .addAttribute(Caller.API_KEY_ID, apiKeyId).build());
    }
}
