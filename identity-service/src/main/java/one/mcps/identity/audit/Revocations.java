package one.mcps.identity.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import one.mcps.platform.events.Revocation;
import one.mcps.platform.outbox.Outbox;
import one.mcps.platform.security.RevocationRegistry;

/**
 * Announces revocations on {@code mcps.identity.revocations} (through the outbox, in the caller's transaction) and
 * applies them to this instance at once, without waiting for the broker. Applying early can only refuse more, never
 * less: a rolled-back change leaves at worst a token revoked that would have stayed valid.
 */
@ApplicationScoped
public class Revocations {

    private final Outbox outbox;
    private final RevocationRegistry registry;
    private final Duration accessTtl;

    public Revocations(Outbox outbox, RevocationRegistry registry,
            @ConfigProperty(name = "mcps.jwt.access-ttl") Duration accessTtl) {
        this.outbox = outbox;
        this.registry = registry;
        this.accessTtl = accessTtl;
    }

    /** One access token, by its {@code jti}. */
    public Uni<Void> token(String jti, Instant expiresAt) {
        return announce(new Revocation(Revocation.TOKEN, jti, null, null, null, null, expiresAt, Instant.now()));
    }

    /** Every token of the user issued at or before {@code before}. */
    public Uni<Void> user(UUID userId, Instant before) {
        return announce(new Revocation(Revocation.USER, null, userId.toString(), null, null, before,
                before.plus(accessTtl), Instant.now()));
    }

    public Uni<Void> apiKey(UUID apiKeyId, Instant expiresAt) {
        return announce(new Revocation(Revocation.API_KEY, null, null, apiKeyId.toString(), null, null, expiresAt,
                Instant.now()));
    }

    /** Every token issued under an OAuth grant: its user withdrew the client's consent. */
    public Uni<Void> grant(UUID grantId, Instant expiresAt) {
        return announce(new Revocation(Revocation.GRANT, null, null, null, grantId.toString(), null, expiresAt,
                Instant.now()));
    }

    private Uni<Void> announce(Revocation revocation) {
        return outbox.enqueue(revocation).invoke(() -> registry.apply(revocation));
    }
}
