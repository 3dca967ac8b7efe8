package one.mcps.observability.tasks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;
import one.mcps.observability.backups.BackupService;
import one.mcps.observability.logs.LogMaintenance;
import one.mcps.observability.system.SettingsCatalog;
import one.mcps.observability.system.SettingsService;
import one.mcps.platform.events.TaskCommand;
import one.mcps.platform.security.Caller;
import one.mcps.platform.security.Roles;

/** The task types observability executes, done by the same services its own API and daily job use. */
@ApplicationScoped
public class TaskWork {

    static final String LOGS_CLEANUP = "logs.cleanup";
    static final String BACKUP_CREATE = "backup.create";
    static final Set<String> TYPES = Set.of(LOGS_CLEANUP, BACKUP_CREATE);

    private final LogMaintenance logs;
    private final BackupService backups;
    private final SettingsService settings;

    public TaskWork(LogMaintenance logs, BackupService backups, SettingsService settings) {
        this.logs = logs;
        this.backups = backups;
        this.settings = settings;
    }

    /** The result of one attempt, as the task's stored result. */
    public Uni<Map<String, Object>> run(TaskCommand command) {
        String who = "task:" + command.taskId();
        if (BACKUP_CREATE.equals(command.taskType())) {
            return backups.create(who).map(backup -> {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("backup_id", backup.id().toString());
                result.put("file_name", backup.fileName());
                result.put("size_bytes", backup.sizeBytes());
                result.put("sha256", backup.sha256());
                result.put("report", backup.report());
                return result;
            });
        }
        JsonNode given = command.params() == null ? null : command.params().get("older_than_days");
        // Without older_than_days the task keeps what the runtime setting keeps, like the daily job.
        Uni<Integer> days = given != null && given.canConvertToInt() ? Uni.createFrom().item(given.intValue())
                : settings.value(SettingsCatalog.LOGS_RETENTION_DAYS).map(JsonNode::intValue);
        Caller caller = new Caller(who, who, Set.of(Roles.SERVICE), null, null);
        return days.chain(d -> logs.cleanup(d, caller, null).map(deleted -> {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("deleted", deleted);
            result.put("older_than_days", d);
            return result;
        }));
    }
}
