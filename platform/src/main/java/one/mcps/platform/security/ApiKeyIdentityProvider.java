package one.mcps.platform.security;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/** Turns a verified API key into an identity with its owner's roles, or a scoped one (ScopedCredentials). */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {

    private final ApiKeyVerifier verifier;
    private final RevocationRegistry revocations;

    public ApiKeyIdentityProvider(ApiKeyVerifier verifier, RevocationRegistry revocations) {
        this.verifier = verifier;
        this.revocations = revocations;
    }

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        String keyId = ApiKeyFormat.keyId(request.key()).orElse(null);
        if (keyId == null || revocations.isApiKeyRevoked(keyId)) {
            return Uni.createFrom().failure(new AuthenticationFailedException("unknown or revoked API key"));
        }
        return verifier.verify(request.key()).map(owner -> owner
                .filter(o -> o.expiresAt() == null || o.expiresAt().isAfter(Instant.now()))
                .filter(o -> !revocations.isApiKeyRevoked(o.apiKeyId()))
                .map(ApiKeyIdentityProvider::identityOf)
                .orElseThrow(() -> new AuthenticationFailedException("unknown, expired or revoked API key")));
    }

    private static SecurityIdentity identityOf(ApiKeyOwner owner) {
        QuarkusSecurityIdentity.Builder identity = ScopedCredentials.builder(new QuarkusPrincipal(owner.username()),
                owner.roles(), owner.servers())
                .addAttribute(Caller.API_KEY_ID, owner.apiKeyId())
                .addAttribute(Caller.USER_ID, owner.userId());
        if (owner.expiresAt() != null) {
            identity.addAttribute(Caller.API_KEY_EXPIRES_AT, owner.expiresAt());
        }
        return identity.build();
    }
}
