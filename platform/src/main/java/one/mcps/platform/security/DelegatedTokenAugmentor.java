package one.mcps.platform.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;

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
        String apiKeyId = text(jwt.getClaim(API_KEY_ID_CLAIM));
        if (revocations.isApiKeyRevoked(apiKeyId)) {
            return Uni.createFrom().failure(new AuthenticationFailedException("the token's API key was revoked"));
        }
        SecurityIdentity limited = ScopedCredentials.limit(identity, servers(jwt.getClaim(SERVERS_CLAIM)));
        if (apiKeyId == null) {
            return Uni.createFrom().item(limited);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(limited)
                .addAttribute(Caller.API_KEY_ID, apiKeyId).build());
    }

    private static String text(Object claim) {
        if (claim instanceof JsonString s) {
            return s.getString();
        }
        return claim == null ? null : claim.toString();
    }

    private static Set<String> servers(Object claim) {
        if (claim == null) {
            return null;
        }
        Set<String> servers = new LinkedHashSet<>();
        if (claim instanceof JsonArray array) {
            array.forEach(v -> servers.add(text(v)));
        } else if (claim instanceof Collection<?> values) {
            values.forEach(v -> servers.add(text(v)));
        } else {
            servers.add(text(claim));
        }
        return servers;
    }
}
