package one.mcps.observability.alerts;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.security.OutboundTargets;

/**
 * Creates, changes and removes alert rules; built-in rules can be changed or disabled but not deleted. A webhook
 * must be a target the platform may call ({@link OutboundTargets}: nothing private, loopback or link-local unless an
 * admin allow-listed it), else the rule is refused with 422; deliveries are checked again ({@link AlertNotifier}).
 */
@ApplicationScoped
public class AlertRuleService {

    private final AlertRuleRepository rules;
    private final OutboundTargets targets;
    private final Duration defaultWindow;

    public AlertRuleService(AlertRuleRepository rules, OutboundTargets targets,
            @ConfigProperty(name = "mcps.alerts.default-window") Duration defaultWindow) {
        this.rules = rules;
        this.targets = targets;
        this.defaultWindow = defaultWindow;
    }

    public Uni<List<AlertRuleView>> list() {
        return Panache.withSession(() -> rules.ordered()).map(list -> list.stream().map(AlertRuleView::of).toList());
    }

    public Uni<AlertRuleView> get(UUID id) {
        return Panache.withSession(() -> found(id)).map(AlertRuleView::of);
    }

    public Uni<AlertRuleView> create(AlertRuleRequest request) {
        return checkWebhook(request).chain(() -> Panache.withTransaction(() -> rules.findByName(request.name())
                .chain(existing -> {
                    if (existing != null) {
                        throw ProblemException.conflict("An alert rule named '" + request.name()
                                + "' exists already.");
                    }
                    AlertRule rule = new AlertRule();
                    rule.id = UUID.randomUUID();
                    rule.createdAt = Instant.now();
                    copy(request, rule);
                    return rules.persist(rule);
                }))).map(AlertRuleView::of);
    }

    public Uni<AlertRuleView> replace(UUID id, AlertRuleRequest request) {
        return checkWebhook(request).chain(() -> Panache.withTransaction(() -> found(id).chain(rule -> rules
                .findByName(request.name()).map(sameName -> {
                    if (sameName != null && !sameName.id.equals(id)) {
                        throw ProblemException.conflict("An alert rule named '" + request.name() + "' exists already.");
                    }
                    copy(request, rule);
                    return rule;
                })))).map(AlertRuleView::of);
    }

    /**
     * Refuses an internal target (422). The host is resolved on a worker thread; the outcome comes back on the
     * caller's Vert.x context, where the reactive session that follows must run.
     */
    private Uni<Void> checkWebhook(AlertRuleRequest request) {
        if (request.webhookUrl() == null) {
            return Uni.createFrom().voidItem();
        }
        URI target;
        try {
            target = new URI(request.webhookUrl());
        } catch (URISyntaxException e) {
            return Uni.createFrom().failure(ProblemException.invalidField("webhook_url", "must be an http or https URL"));
        }
        if (target.getHost() == null) {
            return Uni.createFrom().failure(ProblemException.invalidField("webhook_url", "must name a host"));
        }
        return targets.check(target);
    }

    public Uni<Void> delete(UUID id) {
        return Panache.withTransaction(() -> found(id).chain(rule -> {
            if (rule.builtin) {
                throw ProblemException.conflict("Built-in rules cannot be deleted; disable them with enabled=false.");
            }
            return rules.delete(rule);
        }));
    }

    /** Restores rules from a backup: each one is inserted or overwritten by id. */
    public Uni<Void> upsertAll(List<AlertRuleView> views) {
        return Panache.withTransaction(() -> upsert(views, 0));
    }

    private Uni<Void> upsert(List<AlertRuleView> views, int index) {
        if (index == views.size()) {
            return Uni.createFrom().voidItem();
        }
        AlertRuleView v = views.get(index);
        return rules.findById(v.id()).chain(existing -> {
            AlertRule rule = existing != null ? existing : new AlertRule();
            rule.id = v.id();
            rule.name = v.name();
            rule.metric = v.metric();
            rule.comparison = v.comparison();
            rule.threshold = v.threshold();
            rule.windowS = v.windowS();
            rule.severity = v.severity();
            rule.tool = v.tool();
            rule.webhookUrl = v.webhookUrl();
            rule.enabled = v.enabled();
            rule.builtin = v.builtin();
            rule.createdAt = v.createdAt() == null ? Instant.now() : v.createdAt();
            rule.updatedAt = Instant.now();
            return existing != null ? Uni.createFrom().item(rule) : rules.persist(rule);
        }).chain(() -> upsert(views, index + 1));
    }

    private Uni<AlertRule> found(UUID id) {
        return rules.findById(id).map(rule -> {
            if (rule == null) {
                throw ProblemException.notFound("No alert rule with id " + id + ".");
            }
            return rule;
        });
    }

    private void copy(AlertRuleRequest request, AlertRule rule) {
        rule.name = request.name();
        rule.metric = request.metric();
        rule.comparison = request.comparison() == null ? "gt" : request.comparison();
        rule.threshold = request.threshold();
        rule.windowS = request.windowS() == null ? (int) defaultWindow.toSeconds() : request.windowS();
        rule.severity = request.severity() == null ? "warning" : request.severity();
        rule.tool = request.tool();
        rule.webhookUrl = request.webhookUrl();
        rule.enabled = request.enabled() == null || request.enabled();
        rule.updatedAt = Instant.now();
    }
}
