package one.mcps.proxy.sessions;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class SessionRepository implements PanacheRepositoryBase<SessionRecord, String> {

    private static final Sort NEWEST_FIRST = Sort.descending("createdAt");

    /** Sessions of one user, or of everyone when {@code userId} is null. */
    public Uni<List<SessionRecord>> page(String userId, String state, int page, int size) {
        StringBuilder query = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (userId != null) {
            query.append(" and userId = :userId");
            params.put("userId", userId);
        }
        if (state != null) {
            query.append(" and state = :state");
            params.put("state", state);
        }
        return find(query.toString(), NEWEST_FIRST, params).page(Page.of(page, size)).list();
    }
}
