package one.mcps.observability.logs;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import one.mcps.observability.system.SettingsCatalog;
import one.mcps.observability.system.SettingsService;
import one.mcps.platform.events.AuditRecorded;
import one.mcps.platform.outbox.Outbox;
import one.mcps.platform.security.Caller;

/**
 * Removing log entries: clearing all of them and removing old ones are audited (the audit event comes back into
 * the log through {@code mcps.audit}, so the log itself says who emptied it); a daily job removes entries older
 * than {@code logs_retention_days}.
 */
@ApplicationScoped
public class LogMaintenance {

    private static final Logger LOG = Logger.getLogger(LogMaintenance.class);

    private final SettingsService settings;
    private final Outbox outbox;

    public LogMaintenance(SettingsService settings, Outbox outbox) {
        this.settings = settings;
        this.outbox = outbox;
    }

    public Uni<Integer> clear(Caller caller, String address) {
        return deleteAudited("delete from log_entries", null, "logs.clear", caller, address);
    }

    public Uni<Integer> deleteOlderThan(int days, Caller caller, String address) {
        return deleteAudited("delete from log_entries where time < ?1", Instant.now().minus(Duration.ofDays(days)),
                "logs.cleanup", caller, address);
    }

    @Scheduled(cron = "{mcps.logs.cleanup-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> dailyCleanup() {
        return settings.value(SettingsCatalog.LOGS_RETENTION_DAYS)
                .chain(days -> deleteOlderThan(days.intValue(), null, null)
                        .invoke(n -> LOG.infof("Daily cleanup removed %d log entries older than %d days", n,
                                days.intValue())))
                .replaceWithVoid();
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
        AuditRecorded audit = new AuditRecorded(caller == null ? "observability-service" : caller.userId(),
                caller == null ? "observability-service" : caller.username(), action, "logs", null,
                AuditRecorded.SUCCESS, address, details, Instant.now());
        return outbox.enqueue(audit);
    }
}
