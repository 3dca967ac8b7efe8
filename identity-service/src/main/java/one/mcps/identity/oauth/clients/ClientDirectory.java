package one.mcps.identity.oauth.clients;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import one.mcps.identity.oauth.OAuthError;

/** Finds the client a client_id names: a metadata document URL, or a client registered here. */
@ApplicationScoped
public class ClientDirectory {

    private final MetadataDocuments documents;
    private final RegisteredClientRepository registered;

    public ClientDirectory(MetadataDocuments documents, RegisteredClientRepository registered) {
        this.documents = documents;
        this.registered = registered;
    }

    /** The client, or a failure ({@link OAuthError}) saying why it is unknown or unusable. */
    public Uni<ClientInfo> find(String clientId) {
        if (clientId == null || clientId.isBlank()) {
            return Uni.createFrom().failure(OAuthError.of(OAuthError.INVALID_REQUEST, "client_id is missing."));
        }
        if (MetadataDocuments.isUrl(clientId)) {
            return documents.find(clientId);
        }
        return Panache.withSession(() -> registered.findById(clientId))
                .map(client -> {
                    if (client == null) {
                        throw OAuthError.invalidClient("Unknown client_id; register the client first.");
                    }
                    return client.info();
                });
    }
}
