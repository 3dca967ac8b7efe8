package one.mcps.proxy.sessions;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import one.mcps.platform.security.Caller;

@ApplicationScoped
public class SessionRepository implements PanacheRepositoryBase<SessionRecord, String> {

    private static final Sort NEWEST_FIRST = Sort.descending("createdAt");

    /**
     * Sessions opened with one credential (the same user through the same API key, or without one, as
     * {@link Caller#sameCredential} compares), or everyone's when {@code credential} is null.
     */
    public Uni<List<SessionRecord>> page(Caller credential, String state, int page, int size) {
        StringBuilder query = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (credential != null) {
            query.append(" and userId = :userId");
            params.put("userId", credential.userId());
            if (credential.apiKeyId() == null) {
                query.append(" and apiKeyId is null");
            } else {
                query.append(" and apiKeyId = :apiKeyId");
                params.put("apiKeyId", credential.apiKeyId());
            }
        }
        if (state != null) {
            query.append(" and state = :state");
            params.put("state", state);
        }
        return find(query.toString(), NEWEST_FIRST, params).page(Page.of(page, size)).list();
    }
}
