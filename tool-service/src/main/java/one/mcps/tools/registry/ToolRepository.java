package one.mcps.tools.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ToolRepository implements PanacheRepositoryBase<Tool, UUID> {

    /** Finds by id when {@code idOrName} is a UUID, else by the unique name. */
    public Uni<Tool> findByIdOrName(String idOrName) {
        UUID id = parseUuid(idOrName);
        return id != null ? findById(id) : find("name", idOrName).firstResult();
    }

    public Uni<Tool> findByName(String name) {
        return find("name", name).firstResult();
    }

    public Uni<ToolPage> search(ToolFilter filter, int page, int size) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (filter.state() != null) {
            where.add("state = :state");
            params.put("state", filter.state());
        }
        if (filter.transport() != null) {
            where.add("transport = :transport");
            params.put("transport", filter.transport());
        }
        if (filter.tag() != null) {
            where.add("array_contains(tags, :tag)");
            params.put("tag", filter.tag());
        }
        if (filter.search() != null) {
            where.add("(lower(name) like :q or lower(coalesce(displayName, '')) like :q "
                    + "or lower(coalesce(description, '')) like :q)");
            params.put("q", "%" + filter.search().toLowerCase(Locale.ROOT) + "%");
        }
        var query = where.isEmpty() ? findAll(Sort.by("name"))
                : find(String.join(" and ", where), Sort.by("name"), params);
        return query.page(Page.of(page, size)).list()
                .chain(items -> query.count().map(total -> new ToolPage(items, total)));
    }

    public Uni<List<Tool>> findShouldRun() {
        return list("enabled = true and (autoStart = true or desiredRunning = true)");
    }

    private static UUID parseUuid(String value) {
        try {
            return value.length() == 36 ? UUID.fromString(value) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public record ToolFilter(String state, String transport, String tag, String search) {
    }

    public record ToolPage(List<Tool> items, long total) {
    }
}
