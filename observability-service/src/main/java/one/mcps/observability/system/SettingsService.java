package one.mcps.observability.system;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import one.mcps.observability.alerts.AlertRuleRepository;
import one.mcps.platform.errors.Problem;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.errors.ProblemType;
import one.mcps.platform.events.ConfigChanged;
import one.mcps.platform.outbox.Outbox;

/**
 * The runtime settings: validated by key and type, stored, and announced on {@code mcps.system.config} (through
 * the outbox, in the transaction that stores them) so every service applies them without a restart.
 */
@ApplicationScoped
public class SettingsService {

    /** The built-in host alert whose threshold each alert default drives. */
    private static final Map<String, String> ALERT_METRICS = Map.of(
            SettingsCatalog.ALERT_CPU_PERCENT, "host_cpu_percent",
            SettingsCatalog.ALERT_MEMORY_PERCENT, "host_memory_percent",
            SettingsCatalog.ALERT_DISK_PERCENT, "host_disk_percent");

    private final SettingsCatalog catalog;
    private final SettingsRepository repository;
    private final AlertRuleRepository rules;
    private final Outbox outbox;
    private final ObjectMapper mapper;

    public SettingsService(SettingsCatalog catalog, SettingsRepository repository, AlertRuleRepository rules,
            Outbox outbox, ObjectMapper mapper) {
        this.catalog = catalog;
        this.repository = repository;
        this.rules = rules;
        this.outbox = outbox;
        this.mapper = mapper;
    }

    /** Every known setting with its current value (the default unless changed). */
    public Uni<Map<String, JsonNode>> current() {
        return Panache.withSession(repository::all).map(stored -> {
            Map<String, JsonNode> values = new LinkedHashMap<>(catalog.defaults());
            stored.forEach((key, json) -> {
                if (values.containsKey(key)) {
                    values.put(key, parse(json));
                }
            });
            return values;
        });
    }

    public Uni<JsonNode> value(String key) {
        return current().map(values -> values.get(key));
    }

    /** Checks every entry first (all or nothing), then stores and announces each one. */
    public Uni<Map<String, JsonNode>> update(Map<String, JsonNode> changes, String changedBy) {
        validate(changes);
        return Panache.withTransaction(() -> apply(new ArrayList<>(changes.entrySet()), 0, changedBy))
                .chain(this::current);
    }

    private Uni<Void> apply(List<Map.Entry<String, JsonNode>> entries, int index, String changedBy) {
        if (index == entries.size()) {
            return Uni.createFrom().voidItem();
        }
        Map.Entry<String, JsonNode> entry = entries.get(index);
        String metric = ALERT_METRICS.get(entry.getKey());
        Uni<Void> alertDefault = metric == null ? Uni.createFrom().voidItem()
                : rules.updateBuiltinThreshold(metric, entry.getValue().doubleValue());
        return repository.put(entry.getKey(), entry.getValue().toString(), changedBy)
                .chain(() -> alertDefault)
                .chain(() -> outbox.enqueue(new ConfigChanged(entry.getKey(), entry.getValue(), changedBy,
                        Instant.now())))
                .chain(() -> apply(entries, index + 1, changedBy));
    }

    private void validate(Map<String, JsonNode> changes) {
        if (changes == null || changes.isEmpty()) {
            throw ProblemException.unprocessable("Give at least one setting to change.");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        changes.forEach((key, value) -> catalog.find(key).ifPresentOrElse(
                definition -> definition.problemWith(value).ifPresent(p -> errors.add(new Problem.FieldError(key, p))),
                () -> errors.add(new Problem.FieldError(key, "is not a known setting"))));
        if (!errors.isEmpty()) {
            StringBuilder detail = new StringBuilder();
            errors.forEach(e -> detail.append(detail.length() == 0 ? "" : "; ").append(e.field()).append(' ')
                    .append(e.message()));
            throw new ProblemException(ProblemType.UNPROCESSABLE, detail.toString(), errors, Map.of());
        }
    }

    private JsonNode parse(String json) {
        try {
            return mapper.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("A stored setting is not JSON", e);
        }
    }
}
