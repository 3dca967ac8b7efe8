package one.mcps.platform.security;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;

/**
 * An OAuth access token (it names its grant) is refused once its grant was revoked, may only use the MCP surface
 * ({@link Roles#SCOPED_KEY}, the user's roles kept for each tool's {@code allowed_roles}), is limited to the servers
 * of its {@code mcp:{server}} scopes, and is bound to the resources in its {@code aud} ({@link Caller#mayPresentTo}).
 */
@ApplicationScoped
public class OAuthTokenAugmentor implements SecurityIdentityAugmentor {

    private final RevocationRegistry revocations;

    public OAuthTokenAugmentor(RevocationRegistry revocations) {
        this.revocations = revocations;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)
                || !jwt.containsClaim(OAuthTokens.GRANT_ID_CLAIM)) {
            return Uni.createFrom().item(identity);
        }
        if (revocations.isGrantRevoked(ClaimValues.text(jwt.getClaim(OAuthTokens.GRANT_ID_CLAIM)))) {
            return Uni.createFrom().failure(new AuthenticationFailedException("the token's grant was revoked"));
        }
        Set<String> audience = jwt.getAudience() == null ? Set.of() : jwt.getAudience();
        return Uni.createFrom().item(ScopedCredentials.limitToMcp(identity,
                OAuthTokens.servers(ClaimValues.text(jwt.getClaim(OAuthTokens.SCOPE_CLAIM))), audience));
    }
}
