package one.mcps.observability.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import one.mcps.observability.jobs.JobLease;
import one.mcps.observability.system.SettingsCatalog;
import one.mcps.observability.system.SettingsService;

/**
 * Evaluates every enabled rule on a fixed interval. An alert fires when its subject breaches the threshold and
 * resolves when it no longer does (or the subject or the rule went away); the state table makes each transition
 * happen once however many evaluations or instances see it. With several instances one evaluates (the holder of
 * the {@code alerts.evaluation} lease): host metrics are each instance's own host, and two instances on two hosts
 * would otherwise fire and resolve the same host alert in turn.
 */
@ApplicationScoped
public class AlertEvaluator {

    private static final Logger LOG = Logger.getLogger(AlertEvaluator.class);
    static final String JOB = "alerts.evaluation";

    private final AlertRuleRepository rules;
    private final AlertStateRepository states;
    private final MetricReader metrics;
    private final AlertNotifier notifier;
    private final SettingsService settings;
    private final JobLease lease;
    private final Duration leaseTtl;
    private volatile boolean stopping;

    public AlertEvaluator(AlertRuleRepository rules, AlertStateRepository states, MetricReader metrics,
            AlertNotifier notifier, SettingsService settings, JobLease lease,
            @ConfigProperty(name = "mcps.alerts.lease") Duration leaseTtl) {
        this.rules = rules;
        this.states = states;
        this.metrics = metrics;
        this.notifier = notifier;
        this.settings = settings;
        this.lease = lease;
        this.leaseTtl = leaseTtl;
    }

    // skipped once shutdown began: the database pool closes before the scheduler's last ticks
    @Scheduled(every = "{mcps.alerts.evaluation-interval}", delayed = "{mcps.alerts.evaluation-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> evaluateAll() {
        return lease.acquire(JOB, leaseTtl).chain(held -> held ? evaluateRules() : Uni.createFrom().voidItem())
                .onFailure().recoverWithItem(failure -> {
                    // The database unreachable: the next tick tries again. Once stopping, the pool is closing.
                    if (!stopping) {
                        LOG.warnf("Alerts not evaluated: %s", failure.getMessage());
                    }
                    return null;
                });
    }

    private Uni<Void> evaluateRules() {
        return settings.value(SettingsCatalog.ALERTS_ENABLED)
                .chain(enabled -> enabled.asBoolean(true) ? Panache.withSession(rules::listAll) : Uni.createFrom()
                        .item(List.<AlertRule>of()))
                .chain(all -> Multi.createFrom().iterable(all)
                        // An evaluation under way when shutdown starts ends at the next rule, before the pool closes.
                        .select().where(rule -> !stopping)
                        .onItem().transformToUniAndConcatenate(rule -> evaluate(rule).onFailure().recoverWithItem(f -> {
                            LOG.warnf("Alert rule %s could not be evaluated: %s", rule.name, f.getMessage());
                            return null;
                        }))
                        .collect().last())
                .replaceWithVoid();
    }

    private Uni<Void> evaluate(AlertRule rule) {
        Metric metric = Metric.of(rule.metric).orElse(null);
        Uni<Map<String, Double>> values = rule.enabled && metric != null ? metrics.values(metric, rule.windowS)
                : Uni.createFrom().item(Map.of());
        return values.chain(current -> {
            Map<String, Double> scoped = rule.tool == null ? current
                    : current.entrySet().stream().filter(e -> e.getKey().equals(rule.tool))
                            .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            Uni<Void> fired = Multi.createFrom().iterable(scoped.entrySet())
                    .filter(e -> breaches(rule, e.getValue()))
                    .onItem().transformToUniAndConcatenate(e -> fire(rule, e.getKey(), e.getValue()))
                    .collect().last().replaceWithVoid();
            return fired.chain(() -> states.firingSubjects(rule.id)).chain(firing -> Multi.createFrom()
                    .iterable(firing)
                    .filter(subject -> !scoped.containsKey(subject) || !breaches(rule, scoped.get(subject)))
                    .onItem().transformToUniAndConcatenate(subject -> resolve(rule, subject, scoped.get(subject)))
                    .collect().last().replaceWithVoid());
        });
    }

    private Uni<Void> fire(AlertRule rule, String subject, double value) {
        return states.fire(rule.id, subject, value).chain(firedAt -> firedAt.isEmpty() ? Uni.createFrom().voidItem()
                : notifier.notify(rule, new Alert(rule.id, rule.name, rule.severity, rule.metric, subject,
                        Alert.FIRING, value, rule.threshold, firedAt.get(), null)));
    }

    private Uni<Void> resolve(AlertRule rule, String subject, Double value) {
        return states.resolve(rule.id, subject, value).chain(firedAt -> firedAt.isEmpty()
                ? Uni.createFrom().voidItem()
                : notifier.notify(rule, new Alert(rule.id, rule.name, rule.severity, rule.metric, subject,
                        Alert.RESOLVED, value, rule.threshold, firedAt.get(), Instant.now())));
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    static boolean breaches(AlertRule rule, double value) {
        return switch (rule.comparison) {
            case "gte" -> value >= rule.threshold;
            case "lt" -> value < rule.threshold;
            case "lte" -> value <= rule.threshold;
            default -> value > rule.threshold;
        };
    }
}
