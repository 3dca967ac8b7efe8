package one.mcps.observability.alerts;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import one.mcps.observability.live.LiveEvent;
import one.mcps.observability.live.LiveHub;
import one.mcps.observability.logs.LogEntry;
import one.mcps.observability.logs.LogRepository;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.security.OutboundTargets;

/**
 * Tells the world an alert fired or resolved: a log entry, a live event on {@code alerts}, and the rule's webhook.
 * The webhook is posted apart from the evaluation (retried with exponential back-off), so a dead receiver never
 * delays or blocks the next evaluation.
 */
@ApplicationScoped
public class AlertNotifier {

    private static final Logger LOG = Logger.getLogger(AlertNotifier.class);

    private final LogRepository logs;
    private final LiveHub live;
    private final OutboundTargets targets;
    private final WebClient webhooks;
    private final int attempts;
    private final Duration firstBackOff;
    private final Duration maxBackOff;
    private final Duration timeout;

    public AlertNotifier(LogRepository logs, LiveHub live, OutboundTargets targets, Vertx vertx,
            @ConfigProperty(name = "mcps.alerts.webhook.attempts") int attempts,
            @ConfigProperty(name = "mcps.alerts.webhook.first-back-off") Duration firstBackOff,
            @ConfigProperty(name = "mcps.alerts.webhook.max-back-off") Duration maxBackOff,
            @ConfigProperty(name = "mcps.alerts.webhook.timeout") Duration timeout) {
        this.logs = logs;
        this.live = live;
        this.targets = targets;
        // A redirect would lead the POST (or the GET a 303 turns it into) to a target nobody checked.
        this.webhooks = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) timeout.toMillis())
                .setFollowRedirects(false));
        this.attempts = attempts;
        this.firstBackOff = firstBackOff;
        this.maxBackOff = maxBackOff;
        this.timeout = timeout;
    }

    public Uni<Void> notify(AlertRule rule, Alert alert) {
        Map<String, Object> payload = payload(alert);
        live.publish(new LiveEvent(LiveEvent.ALERTS, payload, null));
        if (rule.webhookUrl != null) {
            postWebhook(rule.webhookUrl, payload);
        }
        return logs.insertAll(List.of(entry(alert)));
    }

    /**
     * Each attempt first checks the target again (a stored rule may predate the rule about targets, come from a
     * backup, or its name may resolve elsewhere now, or an admin took it off the allow-list): a refused target is not
     * called and not retried, and nothing it could have answered is reported.
     */
    private void postWebhook(String url, Map<String, Object> payload) {
        JsonObject body = new JsonObject(payload);
        URI target;
        try {
            target = new URI(url);
        } catch (URISyntaxException e) {
            LOG.warnf("Alert webhook of a rule is not a URL; not sent");
            return;
        }
        Uni.createFrom().deferred(() -> targets.check(target)
                .chain(() -> webhooks.postAbs(url).timeout(timeout.toMillis()).sendJsonObject(body)))
                .invoke(response -> {
                    if (response.statusCode() / 100 != 2) {
                        throw new IllegalStateException("webhook answered HTTP " + response.statusCode());
                    }
                })
                .onFailure(failure -> !(failure instanceof ProblemException)).retry()
                .withBackOff(firstBackOff, maxBackOff).atMost(attempts - 1L)
                .subscribe().with(ok -> LOG.debugf("Alert webhook %s delivered", url),
                        failure -> {
                            if (failure instanceof ProblemException refused) {
                                LOG.warnf("Alert webhook not sent: %s", refused.getMessage());
                            } else {
                                LOG.warnf("Alert webhook %s gave up after %d attempts: %s", url, attempts,
                                        failure.getMessage());
                            }
                        });
    }

    private static Map<String, Object> payload(Alert alert) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("state", alert.state());
        payload.put("rule_id", alert.ruleId().toString());
        payload.put("rule", alert.rule());
        payload.put("severity", alert.severity());
        payload.put("metric", alert.metric());
        payload.put("subject", alert.subject());
        payload.put("value", alert.value());
        payload.put("threshold", alert.threshold());
        payload.put("fired_at", alert.firedAt() == null ? null : alert.firedAt().toString());
        payload.put("resolved_at", alert.resolvedAt() == null ? null : alert.resolvedAt().toString());
        return payload;
    }

    private static LogEntry entry(Alert alert) {
        boolean firing = Alert.FIRING.equals(alert.state());
        String level = !firing ? LogEntry.INFO : "critical".equals(alert.severity()) ? LogEntry.ERROR : LogEntry.WARN;
        String subject = alert.subject().isEmpty() ? "" : " for " + alert.subject();
        String message = "Alert " + alert.rule() + subject + (firing ? " is firing" : " resolved") + " ("
                + alert.metric() + " = " + alert.value() + ", threshold " + alert.threshold() + ")";
        Instant at = firing ? alert.firedAt() : alert.resolvedAt();
        Map<String, Object> attributes = payload(alert);
        // One entry per transition: the rule, the subject and when it happened identify it.
        String eventId = "alert-" + alert.ruleId() + "-" + alert.subject() + "-" + alert.state() + "-" + at;
        return new LogEntry(null, eventId, at, level, LogEntry.SYSTEM, "alerts", message, null, null,
                alert.subject().isEmpty() ? null : alert.subject(), null, attributes);
    }
}
