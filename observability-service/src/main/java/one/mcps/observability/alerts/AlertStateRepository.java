package one.mcps.observability.alerts;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Which alerts fire. A transition is one conditional statement, so of several evaluations (or instances) that see
 * the same change only one gets a row back and announces it: an alert fires once and resolves once.
 */
@ApplicationScoped
public class AlertStateRepository {

    private static final String FIRE = "insert into alert_states (rule_id, subject, state, value, fired_at) "
            + "values ($1, $2, 'firing', $3, now()) on conflict (rule_id, subject) do update set state = 'firing', "
            + "value = excluded.value, fired_at = now(), resolved_at = null where alert_states.state <> 'firing' "
            + "returning fired_at";
    private static final String RESOLVE = "update alert_states set state = 'resolved', value = $3, resolved_at = now() "
            + "where rule_id = $1 and subject = $2 and state = 'firing' returning fired_at, resolved_at";
    private static final String FIRING = "select s.rule_id, s.subject, s.state, s.value, s.fired_at, s.resolved_at, "
            + "r.name, r.severity, r.metric, r.threshold from alert_states s join alert_rules r on r.id = s.rule_id "
            + "where s.state = 'firing' order by s.fired_at desc";

    private final Pool pool;

    public AlertStateRepository(Pool pool) {
        this.pool = pool;
    }

    /** The time it started firing, or empty when it already was. */
    public Uni<Optional<Instant>> fire(UUID ruleId, String subject, double value) {
        return pool.preparedQuery(FIRE).execute(Tuple.of(ruleId, subject, value))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(rows.iterator().next().getOffsetDateTime("fired_at").toInstant()));
    }

    /** The time it fired, or empty when it was not firing. */
    public Uni<Optional<Instant>> resolve(UUID ruleId, String subject, Double value) {
        return pool.preparedQuery(RESOLVE).execute(Tuple.of(ruleId, subject, value))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(rows.iterator().next().getOffsetDateTime("fired_at").toInstant()));
    }

    /** Subjects of a rule that fire now. */
    public Uni<List<String>> firingSubjects(UUID ruleId) {
        return pool.preparedQuery("select subject from alert_states where rule_id = $1 and state = 'firing'")
                .execute(Tuple.of(ruleId)).map(rows -> {
                    List<String> list = new ArrayList<>();
                    rows.forEach(r -> list.add(r.getString(0)));
                    return list;
                });
    }

    public Uni<List<Alert>> firing() {
        return pool.query(FIRING).execute().map(rows -> {
            List<Alert> list = new ArrayList<>();
            rows.forEach(r -> list.add(alert(r)));
            return list;
        });
    }

    private static Alert alert(Row r) {
        return new Alert(r.getUUID("rule_id"), r.getString("name"), r.getString("severity"), r.getString("metric"),
                r.getString("subject"), r.getString("state"), r.getDouble("value"), r.getDouble("threshold"),
                instant(r.getOffsetDateTime("fired_at")), instant(r.getOffsetDateTime("resolved_at")));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
