package one.mcps.observability.logs;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import one.mcps.observability.jobs.JobRuns;
import one.mcps.observability.system.SettingsCatalog;
import one.mcps.observability.system.SettingsService;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.events.AuditRecorded;
import one.mcps.platform.outbox.Outbox;
import one.mcps.platform.outbox.SqlOutbox;
import one.mcps.platform.security.Caller;

/**
 * Removing log entries. The log is append-only for everyone but admins: only an admin deletes one entry or clears
 * the log; a cleanup (operator or admin, the API or a {@code logs.cleanup} task) removes only entries older than
 * {@code mcps.logs.cleanup.min-days}, so it cannot stand in for a clear. Every deletion (one entry, cleanup, clear,
 * the daily retention job) writes an {@code AuditRecorded} naming who, what and how many through the outbox in the
 * same transaction; it comes back into the log through {@code mcps.audit}, so the log itself says who removed
 * what, and that entry is written after the deletion it describes, which therefore never removes it.
 */
@ApplicationScoped
public class LogMaintenance {

    private static final Logger LOG = Logger.getLogger(LogMaintenance.class);
    private static final String DAILY_CLEANUP = "logs.daily-cleanup";

    private final SettingsService settings;
    private final Outbox outbox;
    private final SqlOutbox sqlOutbox;
    private final Pool pool;
    private final int minCleanupDays;
    private final JobRuns runs;

    public LogMaintenance(SettingsService settings, Outbox outbox, SqlOutbox sqlOutbox, Pool pool,
            @ConfigProperty(name = "mcps.logs.cleanup.min-days") int minCleanupDays, JobRuns runs) {
        this.settings = settings;
        this.outbox = outbox;
        this.sqlOutbox = sqlOutbox;
        this.pool = pool;
        this.minCleanupDays = minCleanupDays;
        this.runs = runs;
    }

    public Uni<Integer> clear(Caller caller, String address) {
        return deleteAudited("delete from log_entries", null, "logs.clear", caller, address);
    }

    /** Removes one entry (admins only, checked by the resource); false when there was none. */
    public Uni<Boolean> deleteOne(long id, Caller caller, String address) {
        return pool.withTransaction(connection -> connection.preparedQuery(
                "delete from log_entries where id = $1 returning event_id, time, category, source")
                .execute(Tuple.of(id)).chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    Row row = rows.iterator().next();
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("deleted", 1);
                    details.put("event_id", row.getString("event_id"));
                    details.put("time", row.getOffsetDateTime("time").toInstant().toString());
                    details.put("category", row.getString("category"));
                    details.put("source", row.getString("source"));
                    return sqlOutbox.enqueue(connection, audit("logs.delete", "log_entry", String.valueOf(id),
                            details, caller, address)).replaceWith(true);
                }));
    }

    /**
     * Removes entries older than {@code days}, refusing fewer days than the configured floor (400 naming
     * {@code older_than_days}): emptying the log is {@code clear}, which only admins may do.
     */
    public Uni<Integer> cleanup(int days, Caller caller, String address) {
        if (days < minCleanupDays) {
            return Uni.createFrom().failure(ProblemException.invalidField("older_than_days", "must be at least "
                    + minCleanupDays + " (removing newer entries is POST /api/v1/logs/clear, for admins)"));
        }
        return deleteOlderThan(days, caller, address);
    }

    private Uni<Integer> deleteOlderThan(int days, Caller caller, String address) {
        return deleteAudited("delete from log_entries where time < ?1", Instant.now().minus(Duration.ofDays(days)),
                "logs.cleanup", caller, address);
    }

    @Scheduled(cron = "{mcps.logs.cleanup-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> dailyCleanup(ScheduledExecution execution) {
        return dailyCleanup(execution.getScheduledFireTime());
    }

    /**
     * The retention run scheduled at {@code scheduledAt}: every instance schedules it, one does it (a second run
     * would delete nothing but still write an audit entry for it).
     */
    public Uni<Void> dailyCleanup(Instant scheduledAt) {
        return settings.value(SettingsCatalog.LOGS_RETENTION_DAYS).chain(days -> Panache.withTransaction(
                () -> runs.claim(DAILY_CLEANUP, scheduledAt).chain(claimed -> !claimed ? Uni.createFrom().voidItem()
                        : deleteOlderThan(days.intValue(), null, null).invoke(n -> LOG.infof(
                                "Daily cleanup removed %d log entries older than %d days", n, days.intValue()))
                                .replaceWithVoid())));
    }

    private Uni<Integer> deleteAudited(String sql, Instant cutoff, String action, Caller caller, String address) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql);
            if (cutoff != null) {
                query.setParameter(1, cutoff);
            }
            return query.executeUpdate();
        }).call(deleted -> audit(action, deleted, cutoff, caller, address)));
    }

    private Uni<Void> audit(String action, int deleted, Instant cutoff, Caller caller, String address) {
        Map<String, Object> details = cutoff == null ? Map.of("deleted", deleted)
                : Map.of("deleted", deleted, "older_than", cutoff.toString());
        return outbox.enqueue(audit(action, "logs", null, details, caller, address));
    }

    /** The retention job has no caller: the service itself is the actor. */
    private static AuditRecorded audit(String action, String targetType, String targetId, Map<String, Object> details,
            Caller caller, String address) {
        return new AuditRecorded(caller == null ? "observability-service" : caller.userId(),
                caller == null ? "observability-service" : caller.username(), action, targetType, targetId,
                AuditRecorded.SUCCESS, address, details, Instant.now());
    }
}
