package one.mcps.platform.events;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Something that authenticated callers stops being valid everywhere:
 * <ul>
 * <li>{@code token}: the access token with {@code jti};</li>
 * <li>{@code user}: every token of {@code userId} issued before {@code issuedBefore} (disabled, deleted, logged
 * out everywhere);</li>
 * <li>{@code api_key}: the API key {@code apiKeyId};</li>
 * <li>{@code grant}: every token issued under the OAuth grant {@code grantId} (a user withdrew a client's consent).</li>
 * </ul>
 * {@code expiresAt} says when the entry can be forgotten because what it revokes has expired anyway.
 */
@RegisterForReflection
public record Revocation(String kind, String jti, String userId, String apiKeyId, String grantId, Instant issuedBefore,
        Instant expiresAt, Instant at) implements PlatformEvent {

    public static final String TOKEN = "token";
    public static final String USER = "user";
    public static final String API_KEY = "api_key";
    public static final String GRANT = "grant";

    public String topic() {
        return Topics.REVOCATIONS;
    }

    public String type() {
        return EventTypes.REVOCATION;
    }

    public String key() {
        return switch (kind) {
            case USER -> userId;
            case API_KEY -> apiKeyId;
            case GRANT -> grantId;
            default -> jti;
        };
    }
}
