package one.mcps.identity.oauth.clients;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

@ApplicationScoped
public class RegisteredClientRepository implements PanacheRepositoryBase<RegisteredClient, String> {
}
