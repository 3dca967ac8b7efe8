package one.mcps.identity.oauth.authorize;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class PendingAuthorizationRepository implements PanacheRepositoryBase<PendingAuthorization, String> {
}
