package one.mcps.platform.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import one.mcps.platform.errors.ProblemException;

/**
 * The service's own bearer token for {@code /internal/**} calls to other services: OAuth2 client credentials
 * against identity-service ({@code client_id} = this service's name, secret {@code MCPS_SERVICE_SECRET}), kept
 * until shortly before it expires. Concurrent callers share one fetch.
 */
@ApplicationScoped
public class ServiceTokenClient {

    private record Token(String value, Instant refreshAt) {
    }

    private final WebClient client;
    private final String tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final Duration refreshMargin;
    private final AtomicReference<Token> current = new AtomicReference<>();
    private final AtomicReference<Uni<Token>> inFlight = new AtomicReference<>();

    public ServiceTokenClient(Vertx vertx,
            @ConfigProperty(name = "mcps.identity.url", defaultValue = "http://127.0.0.1:8081") String identityUrl,
            @ConfigProperty(name = "quarkus.application.name") String clientId,
            @ConfigProperty(name = "mcps.service.secret") Optional<String> clientSecret,
            @ConfigProperty(name = "mcps.service.token-refresh-margin", defaultValue = "60s") Duration refreshMargin) {
        this.client = WebClient.create(vertx);
        this.tokenUrl = identityUrl + "/api/v1/auth/token";
        this.clientId = clientId;
        // An empty secret reads as absent; identity-service then refuses the request, which the caller reports.
        this.clientSecret = clientSecret.orElse("");
        this.refreshMargin = refreshMargin;
    }

    /** A valid service token, fetched only when the cached one is about to expire. */
    public Uni<String> token() {
        Token token = current.get();
        if (token != null && Instant.now().isBefore(token.refreshAt())) {
            return Uni.createFrom().item(token.value());
        }
        Uni<Token> fetch = inFlight.updateAndGet(existing -> existing != null ? existing : fetch().memoize().indefinitely());
        return fetch.onTermination().invoke(() -> inFlight.set(null)).map(Token::value);
    }

    /** The {@code Authorization} header value for an internal call. */
    public Uni<String> authorization() {
        return token().map(t -> "Bearer " + t);
    }

    private Uni<Token> fetch() {
        MultiMap form = MultiMap.caseInsensitiveMultiMap()
                .add("grant_type", "client_credentials")
                .add("client_id", clientId)
                .add("client_secret", clientSecret);
        return client.postAbs(tokenUrl).sendForm(form).map(response -> {
            if (response.statusCode() != 200) {
                throw ProblemException.unavailable("identity-service refused this service's credentials (HTTP "
                        + response.statusCode() + ")");
            }
            JsonObject body = response.bodyAsJsonObject();
            long expiresIn = body.getLong("expires_in", 300L);
            Token token = new Token(body.getString("access_token"),
                    Instant.now().plusSeconds(expiresIn).minus(refreshMargin));
            current.set(token);
            return token;
        });
    }
}
