package one.mcps.observability.backups;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import one.mcps.observability.alerts.AlertRuleService;
import one.mcps.observability.alerts.AlertRuleView;
import one.mcps.observability.jobs.JobRuns;
import one.mcps.observability.system.InternalClient;
import one.mcps.observability.system.ServiceDirectory;
import one.mcps.observability.system.SettingsCatalog;
import one.mcps.observability.system.SettingsService;
import one.mcps.platform.errors.ProblemException;

/**
 * Backups of the platform's configuration: each service's {@code /internal/export} (identity: users with hashes,
 * API key hashes; tools: definitions with encrypted secrets) plus this service's alert rules and settings, in one
 * gzip JSON document with a SHA-256 checksum. Restoring posts each part back to {@code /internal/import} (upsert
 * by id: deleted things return, nothing else is lost). A service that does not answer is reported, not fatal.
 */
@ApplicationScoped
public class BackupService {

    static final String FORMAT = "mcps-backup/1";
    private static final Logger LOG = Logger.getLogger(BackupService.class);
    /** The services whose configuration is exported over HTTP; this service's own part is gathered directly. */
    private static final List<String> REMOTE = List.of(ServiceDirectory.IDENTITY, ServiceDirectory.TOOLS);
    private static final String OK = "ok";
    private static final String PRUNE = "backups.prune";

    private final BackupRepository backups;
    private final BackupFiles files;
    private final InternalClient client;
    private final ServiceDirectory directory;
    private final AlertRuleService rules;
    private final SettingsService settings;
    private final SettingsCatalog catalog;
    private final ObjectMapper mapper;
    private final JobRuns runs;

    public BackupService(BackupRepository backups, BackupFiles files, InternalClient client,
            ServiceDirectory directory, AlertRuleService rules, SettingsService settings, SettingsCatalog catalog,
            ObjectMapper mapper, JobRuns runs) {
        this.backups = backups;
        this.files = files;
        this.client = client;
        this.directory = directory;
        this.rules = rules;
        this.settings = settings;
        this.catalog = catalog;
        this.mapper = mapper;
        this.runs = runs;
    }

    public Uni<BackupView> create(String createdBy) {
        Map<String, Object> parts = new LinkedHashMap<>();
        Map<String, Object> report = new LinkedHashMap<>();
        Uni<Void> gathered = Uni.createFrom().voidItem();
        for (String service : REMOTE) {
            gathered = gathered.chain(() -> export(service).invoke(result -> {
                if (result instanceof String error) {
                    report.put(service, error);
                } else {
                    parts.put(service, result);
                    report.put(service, OK);
                }
            })).replaceWithVoid();
        }
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        return gathered.chain(this::ownExport).chain(own -> {
            parts.put(ServiceDirectory.OBSERVABILITY, own);
            report.put(ServiceDirectory.OBSERVABILITY, OK);
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("format", FORMAT);
            document.put("id", id);
            document.put("created_at", now);
            document.put("created_by", createdBy);
            document.put("report", report);
            document.put("services", parts);
            return files.write(id + ".json.gz", toJson(document));
        }).chain(written -> {
            Backup backup = new Backup();
            backup.id = id;
            backup.fileName = written.fileName();
            backup.sizeBytes = written.size();
            backup.sha256 = written.sha256();
            backup.createdBy = createdBy;
            backup.createdAt = now;
            backup.report = new String(toJson(report));
            return Panache.withTransaction(() -> backups.persist(backup));
        }).map(this::view);
    }

    public Uni<List<BackupView>> list() {
        return Panache.withSession(backups::newestFirst).map(list -> list.stream().map(this::view).toList());
    }

    public Uni<BackupView> get(UUID id) {
        return found(id).map(this::view);
    }

    /** The backup file as stored (gzip), checked against its checksum. */
    public Uni<byte[]> download(UUID id) {
        return found(id).chain(backup -> files.read(backup.fileName, backup.sha256)).onFailure(
                BackupFiles.CorruptBackupException.class).transform(e -> ProblemException.conflict(e.getMessage()));
    }

    /** Puts every part back; reports per service what happened. */
    public Uni<Map<String, Object>> restore(UUID id) {
        return download(id).chain(files::gunzip).chain(json -> {
            Map<String, Object> document = fromJson(json);
            if (!FORMAT.equals(document.get("format"))) {
                throw ProblemException.conflict("Backup " + id + " is not a " + FORMAT + " document.");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> parts = (Map<String, Object>) document.getOrDefault("services", Map.of());
            Map<String, Object> report = new LinkedHashMap<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Map.Entry<String, Object> part : parts.entrySet()) {
                chain = chain.chain(() -> importPart(part.getKey(), part.getValue())
                        .invoke(outcome -> report.put(part.getKey(), outcome))).replaceWithVoid();
            }
            return chain.map(v -> {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("backup_id", id);
                result.put("restored_at", Instant.now());
                result.put("services", report);
                return result;
            });
        });
    }

    @Scheduled(cron = "{mcps.backups.prune-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune(ScheduledExecution execution) {
        return prune(execution.getScheduledFireTime());
    }

    /**
     * The pruning run scheduled at {@code scheduledAt}, done by one instance (all share the backup folder). A run
     * cut short leaves its rows (the claim goes with them), so the instance that does it again finds them; a file
     * already gone is no error.
     */
    Uni<Void> prune(Instant scheduledAt) {
        return settings.value(SettingsCatalog.BACKUP_RETENTION_DAYS).chain(days -> Panache.withTransaction(
                () -> runs.claim(PRUNE, scheduledAt).chain(claimed -> !claimed ? Uni.createFrom().voidItem()
                        : backups.olderThan(Instant.now().minus(Duration.ofDays(days.longValue()))).chain(old -> {
                            Uni<Void> chain = Uni.createFrom().voidItem();
                            for (Backup backup : old) {
                                chain = chain.chain(() -> files.delete(backup.fileName))
                                        .chain(() -> backups.delete(backup));
                            }
                            return chain.invoke(() -> {
                                if (!old.isEmpty()) {
                                    LOG.infof("Removed %d backups older than %d days", old.size(),
                                            days.longValue());
                                }
                            });
                        }))));
    }

    /** The service's export as a map, or a String saying why there is none. */
    private Uni<Object> export(String service) {
        return client.get(directory.url(service) + "/internal/export").map(response -> response.statusCode() == 200
                ? (Object) response.bodyAsJsonObject().getMap()
                : (Object) ("error: /internal/export answered HTTP " + response.statusCode()))
                .onFailure().recoverWithItem(f -> "error: unreachable (" + describe(f) + ")");
    }

    private Uni<Map<String, Object>> ownExport() {
        // One after the other: both use the context's Panache session, which the first to finish would close.
        return rules.list().chain(ruleList -> settings.current().map(values -> {
            Map<String, Object> own = new LinkedHashMap<>();
            own.put("service", "observability-service");
            own.put("alert_rules", ruleList);
            own.put("settings", values);
            return own;
        }));
    }

    private Uni<String> importPart(String service, Object part) {
        if (ServiceDirectory.OBSERVABILITY.equals(service)) {
            return importOwn(part).map(v -> OK).onFailure().recoverWithItem(f -> "error: " + describe(f));
        }
        if (!REMOTE.contains(service)) {
            return Uni.createFrom().item("skipped: unknown service");
        }
        return client.post(directory.url(service) + "/internal/import", new JsonObject(asMap(part)))
                .map(response -> response.statusCode() / 100 == 2 ? OK
                        : "error: /internal/import answered HTTP " + response.statusCode())
                .onFailure().recoverWithItem(f -> "error: unreachable (" + describe(f) + ")");
    }

    private Uni<Void> importOwn(Object part) {
        Map<String, Object> own = asMap(part);
        List<AlertRuleView> ruleList = mapper.convertValue(own.getOrDefault("alert_rules", List.of()),
                new TypeReference<List<AlertRuleView>>() {
                });
        Map<String, JsonNode> values = mapper.convertValue(own.getOrDefault("settings", Map.of()),
                new TypeReference<Map<String, JsonNode>>() {
                });
        values.keySet().removeIf(key -> catalog.find(key).isEmpty());
        Uni<Void> restoreRules = rules.upsertAll(new ArrayList<>(ruleList));
        return values.isEmpty() ? restoreRules
                : restoreRules.chain(() -> settings.update(values, "backup-restore")).replaceWithVoid();
    }

    private Uni<Backup> found(UUID id) {
        return Panache.withSession(() -> backups.findById(id)).map(backup -> {
            if (backup == null) {
                throw ProblemException.notFound("No backup with id " + id + ".");
            }
            return backup;
        });
    }

    private BackupView view(Backup b) {
        return new BackupView(b.id, b.fileName, b.sizeBytes, b.sha256, b.createdBy, b.createdAt, fromJson(
                b.report.getBytes()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object part) {
        return part instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private byte[] toJson(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (Exception e) {
            throw new IllegalStateException("A backup document cannot be written", e);
        }
    }

    private Map<String, Object> fromJson(byte[] json) {
        try {
            return mapper.readValue(json, new TypeReference<Map<String, Object>>() {
            });
        } catch (Exception e) {
            throw ProblemException.conflict("The backup document is not readable JSON.");
        }
    }

    private static String describe(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }
}
