package one.mcps.tools.tasks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class TaskRepository implements PanacheRepositoryBase<Task, UUID> {

    // SKIP LOCKED lets two instances poll at once: each claims rows the other has not locked, none twice.
    private static final String DUE = "select id from tasks where enabled and next_run_at <= now() "
            + "and state <> 'running' order by next_run_at limit ?1 for update skip locked";
    private static final String EXPIRED = "select id from tasks where state = 'running' and lease_until < now() "
            + "order by lease_until limit ?1 for update skip locked";

    public Uni<TaskPage> search(TaskFilter filter, int page, int size) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (filter.type() != null) {
            where.add("type = :type");
            params.put("type", filter.type());
        }
        if (filter.state() != null) {
            where.add("state = :state");
            params.put("state", filter.state());
        }
        if (filter.tool() != null) {
            where.add("array_contains(tools, :tool)");
            params.put("tool", filter.tool());
        }
        Sort sort = Sort.by("createdAt").and("id");
        var query = where.isEmpty() ? findAll(sort) : find(String.join(" and ", where), sort, params);
        return query.page(Page.of(page, size)).list()
                .chain(items -> query.count().map(total -> new TaskPage(items, total)));
    }

    /** Locks up to {@code limit} due tasks for the caller's transaction. */
    public Uni<List<Task>> lockDue(int limit) {
        return lock(DUE, limit);
    }

    /** Locks up to {@code limit} running tasks whose executor's lease ran out. */
    public Uni<List<Task>> lockExpired(int limit) {
        return lock(EXPIRED, limit);
    }

    private Uni<List<Task>> lock(String sql, int limit) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(sql, UUID.class).setParameter(1, limit).getResultList())
                .chain(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<Task>of()) : list("id in ?1", ids));
    }

    public record TaskFilter(String type, String state, String tool) {
    }

    public record TaskPage(List<Task> items, long total) {
    }
}
