package one.mcps.identity.oauth.grants;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import one.mcps.identity.oauth.clients.MetadataDocuments;
import one.mcps.identity.oauth.clients.RegisteredClient;
import one.mcps.identity.oauth.clients.RegisteredClientRepository;

/**
 * The OAuth clients a user allowed (with their grants), or for an admin every client the platform knows: every
 * registered one, and every metadata-document client some user allowed (those are known only through grants).
 */
@ApplicationScoped
public class AuthorizedClients {

    private final GrantRepository grants;
    private final RegisteredClientRepository registered;

    public AuthorizedClients(GrantRepository grants, RegisteredClientRepository registered) {
        this.grants = grants;
        this.registered = registered;
    }

    public Uni<List<OAuthClientView>> list(UUID userId, boolean everyone) {
        return Panache.withSession(() -> (everyone ? grants.live() : grants.liveOf(userId))
                .chain(live -> registeredOf(live, everyone).map(clients -> merge(clients, live))));
    }

    private Uni<List<RegisteredClient>> registeredOf(List<Grant> live, boolean everyone) {
        if (everyone) {
            return registered.listAll();
        }
        List<String> ids = live.stream().map(g -> g.clientId).filter(id -> !MetadataDocuments.isUrl(id)).distinct()
                .toList();
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : registered.list("clientId in ?1", ids);
    }

    private static List<OAuthClientView> merge(List<RegisteredClient> clients, List<Grant> live) {
        Map<String, OAuthClientView> views = new LinkedHashMap<>();
        for (RegisteredClient client : clients) {
            views.put(client.clientId, new OAuthClientView(client.clientId, client.clientName,
                    OAuthClientView.REGISTERED, List.of(client.redirectUris), client.createdAt, 0, null));
        }
        for (Grant grant : live) {
            OAuthClientView known = views.get(grant.clientId);
            views.put(grant.clientId, known == null
                    ? new OAuthClientView(grant.clientId, grant.clientName, OAuthClientView.METADATA_DOCUMENT, null,
                            null, 1, grant.lastUsedAt)
                    : new OAuthClientView(known.clientId(), known.clientName(), known.kind(), known.redirectUris(),
                            known.registeredAt(), known.grants() + 1, latest(known.lastUsedAt(), grant.lastUsedAt)));
        }
        return new ArrayList<>(views.values());
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }
}
