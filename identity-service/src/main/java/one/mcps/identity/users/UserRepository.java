package one.mcps.identity.users;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class UserRepository implements PanacheRepositoryBase<User, UUID> {

    public Uni<User> findByUsername(String username) {
        return find("lower(username) = lower(?1)", username).firstResult();
    }

    public Uni<Boolean> usernameTaken(String username) {
        return count("lower(username) = lower(?1)", username).map(n -> n > 0);
    }

    public Uni<Boolean> emailTaken(String email) {
        return count("lower(email) = lower(?1)", email).map(n -> n > 0);
    }

    /** Enabled admins; the last one may not be removed or demoted. */
    public Uni<Long> countEnabledAdmins() {
        return count("enabled = true and array_contains(roles, :role) = true", Parameters.with("role", "admin"));
    }

    public Uni<List<User>> search(String role, String query, int page, int size) {
        Filter filter = Filter.of(role, query);
        return find(filter.hql + " order by username", filter.parameters).page(Page.of(page, size)).list();
    }

    public Uni<Long> countSearch(String role, String query) {
        Filter filter = Filter.of(role, query);
        return count(filter.hql, filter.parameters);
    }

    private record Filter(String hql, Parameters parameters) {

        static Filter of(String role, String query) {
            List<String> conditions = new ArrayList<>();
            Parameters parameters = new Parameters();
            conditions.add("1 = 1");
            if (role != null && !role.isBlank()) {
                conditions.add("array_contains(roles, :role) = true");
                parameters.and("role", role);
            }
            if (query != null && !query.isBlank()) {
                conditions.add("(lower(username) like :q or lower(email) like :q)");
                parameters.and("q", "%" + query.toLowerCase() + "%");
            }
            return new Filter(String.join(" and ", conditions), parameters);
        }
    }
}
