package one.mcps.observability.live;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.smallrye.mutiny.Uni;
import one.mcps.platform.security.ApiKeyAuthenticationRequest;
import one.mcps.platform.security.ApiKeyFormat;
import one.mcps.platform.security.Caller;
import one.mcps.platform.security.Roles;

/**
 * Checks the token a live client presents, in its upgrade request or in its first message (browsers cannot set
 * headers on a WebSocket), through the same identity providers and augmentors as the REST API: a JWT (signature,
 * expiry, revocation) or an API key (identity-service's answer, revocation). A credential limited to some MCP
 * servers may use the MCP surface only, not the live stream of everything.
 */
@ApplicationScoped
public class LiveAuthenticator {

    private static final Logger LOG = Logger.getLogger(LiveAuthenticator.class);
    private static final Set<String> ALLOWED = Set.of(Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER, Roles.SERVICE);

    private final IdentityProviderManager identities;

    public LiveAuthenticator(IdentityProviderManager identities) {
        this.identities = identities;
    }

    /** The credential, or empty when the token is not valid (or not allowed here) now. Never fails. */
    public Uni<Optional<LiveCredential>> authenticate(String presented) {
        if (presented == null || presented.isBlank()) {
            return Uni.createFrom().item(Optional.empty());
        }
        String token = presented.regionMatches(true, 0, "Bearer ", 0, 7) ? presented.substring(7).trim()
                : presented.trim();
        boolean apiKey = ApiKeyFormat.looksLikeKey(token);
        AuthenticationRequest request = apiKey ? new ApiKeyAuthenticationRequest(token)
                : new TokenAuthenticationRequest(new JsonWebTokenCredential(token));
        return identities.authenticate(request)
                .map(identity -> credential(identity, token))
                .onFailure().invoke(e -> LOG.infof("A live-stream credential was refused: %s", e.toString()))
                .onFailure().recoverWithItem(Optional.empty());
    }

    private Optional<LiveCredential> credential(SecurityIdentity identity, String token) {
        if (identity == null || identity.isAnonymous() || identity.getRoles().stream().noneMatch(ALLOWED::contains)) {
            LOG.infof("A live-stream credential was refused: roles %s",
                    identity == null ? "none" : identity.getRoles());
            return Optional.empty();
        }
        Caller caller = Caller.of(identity);
        if (caller.servers() != null || caller.credential() == null) {
            return Optional.empty();
        }
        return Optional.of(new LiveCredential(caller, token));
    }
}
