package one.mcps.identity.tokens;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import one.mcps.identity.apikeys.ApiKey;
import one.mcps.identity.apikeys.ApiKeyRepository;
import one.mcps.identity.audit.Actor;
import one.mcps.identity.audit.AuditTrail;
import one.mcps.identity.users.User;
import one.mcps.identity.users.UserRepository;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.security.RevocationRegistry;

/**
 * Tokens a service acts with for a user (tool-service runs a {@code tool.call} task as the user who created it).
 * Everything is read now, not when the work was created: the user's current roles, whether they are still enabled,
 * whether the key is still valid and what it is limited to.
 */
@ApplicationScoped
public class OnBehalfTokens {

    private final UserRepository users;
    private final ApiKeyRepository keys;
    private final RevocationRegistry revocations;
    private final TokenIssuer issuer;
    private final AuditTrail audit;

    public OnBehalfTokens(UserRepository users, ApiKeyRepository keys, RevocationRegistry revocations,
            TokenIssuer issuer, AuditTrail audit) {
        this.users = users;
        this.keys = keys;
        this.revocations = revocations;
        this.issuer = issuer;
        this.audit = audit;
    }

    public Uni<OnBehalfTokenResponse> issue(OnBehalfRequest request, Actor service) {
        return Panache.withTransaction(() -> users.findById(request.user()).chain(user -> {
            if (user == null) {
                throw ProblemException.notFound("No user has the id " + request.user() + ".");
            }
            if (!user.enabled) {
                throw ProblemException.forbidden("The user " + user.id + " is disabled.");
            }
            if (request.apiKey() == null) {
                return Uni.createFrom().item(token(user, null));
            }
            return keys.findById(request.apiKey()).map(key -> token(user, checked(key, user, request)));
        }).call(token -> audit.success(service, "token.on_behalf", "user", request.user(), details(request))))
                .map(token -> new OnBehalfTokenResponse(token.value(), lifetime(token)));
    }

    /** Seconds left, never more than the configured lifetime (a token dated after a revocation starts later). */
    private long lifetime(IssuedToken token) {
        long left = token.expiresAt().getEpochSecond() - Instant.now().getEpochSecond();
        return Math.max(0, Math.min(left, issuer.onBehalfTtl().toSeconds()));
    }

    private ApiKey checked(ApiKey key, User user, OnBehalfRequest request) {
        if (key == null) {
            throw ProblemException.notFound("No API key has the id " + request.apiKey() + ".");
        }
        if (!key.userId.equals(user.id)) {
            throw ProblemException.forbidden("The API key " + key.id + " is not the user's.");
        }
        if (!key.isActive(Instant.now()) || revocations.isApiKeyRevoked(key.id.toString())) {
            throw ProblemException.forbidden("The API key " + key.id + " is revoked or expired.");
        }
        return key;
    }

    private IssuedToken token(User user, ApiKey key) {
        return issuer.onBehalfToken(user.id, user.username, Set.of(user.roles), user.tokensNotBefore,
                key == null ? null : key.id.toString(), key == null || key.servers == null ? null
                        : Set.of(key.servers),
                key == null ? null : key.expiresAt);
    }

    private static Map<String, Object> details(OnBehalfRequest request) {
        Map<String, Object> details = new HashMap<>();
        if (request.apiKeyId() != null) {
            details.put("api_key_id", request.apiKey().toString());
        }
        return details;
    }
}
