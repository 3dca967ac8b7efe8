package one.mcps.identity.oauth;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.inject.Singleton;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Deletes authorization requests nobody finished and codes that can no longer matter. A used or expired code is
 * kept as long as a refresh token lives, so a late second use still revokes what the code was traded for. Runs on
 * every instance; two purges at once delete the same rows, harmlessly.
 */
@Singleton
public class OAuthPurge {

    private static final String PURGE_PENDING = "delete from oauth_pending where expires_at < $1";
    private static final String PURGE_CODES = "delete from oauth_codes where expires_at < $1";

    private final Pool pool;
    private final OAuthConfig config;

    public OAuthPurge(Pool pool, OAuthConfig config) {
        this.pool = pool;
        this.config = config;
    }

    @Scheduled(every = "${mcps.oauth.purge-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        Instant now = Instant.now();
        return pool.preparedQuery(PURGE_PENDING).execute(Tuple.of(utc(now)))
                .chain(() -> pool.preparedQuery(PURGE_CODES).execute(Tuple.of(utc(now.minus(config.refreshTtl())))))
                .replaceWithVoid();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
