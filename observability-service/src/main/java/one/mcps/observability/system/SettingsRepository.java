package one.mcps.observability.system;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Stored setting values (JSON text; the parameter is cast from text because the PG client would send a Java string
 * bound to a jsonb parameter as a JSON string). Runs on the Panache session so a write shares its transaction with the
 * outbox row that announces it.
 */
@ApplicationScoped
public class SettingsRepository {

    private static final String UPSERT = "insert into settings (key, value, updated_by, updated_at) "
            + "values (?1, cast(cast(?2 as text) as jsonb), ?3, now()) on conflict (key) do update set value = excluded.value, "
            + "updated_by = excluded.updated_by, updated_at = excluded.updated_at";

    /** Key to JSON text of every stored value. */
    public Uni<Map<String, String>> all() {
        return Panache.getSession().chain(s -> s.createNativeQuery("select key, cast(value as text) from settings",
                Object[].class).getResultList()).map(rows -> {
                    Map<String, String> values = new LinkedHashMap<>();
                    for (Object[] row : rows) {
                        values.put((String) row[0], (String) row[1]);
                    }
                    return values;
                });
    }

    /** Must run inside a transaction. */
    public Uni<Void> put(String key, String json, String by) {
        return Panache.getSession().chain(s -> s.createNativeQuery(UPSERT).setParameter(1, key)
                .setParameter(2, json).setParameter(3, by).executeUpdate()).replaceWithVoid();
    }
}
