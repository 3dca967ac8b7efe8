package one.mcps.observability.alerts;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class AlertRuleRepository implements PanacheRepositoryBase<AlertRule, UUID> {

    public Uni<List<AlertRule>> ordered() {
        return list("order by builtin desc, name");
    }

    public Uni<List<AlertRule>> enabled() {
        return list("enabled = true");
    }

    public Uni<AlertRule> findByName(String name) {
        return find("name", name).firstResult();
    }

    /** The alert defaults of the runtime settings drive the built-in host rules. */
    public Uni<Void> updateBuiltinThreshold(String metric, double threshold) {
        return update("threshold = ?1, updatedAt = current_timestamp where builtin = true and metric = ?2",
                threshold, metric).replaceWithVoid();
    }
}
