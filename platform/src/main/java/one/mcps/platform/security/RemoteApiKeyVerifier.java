package one.mcps.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.events.Revocation;

/**
 * Asks identity-service ({@code POST /internal/api-keys/verify}, with this service's token) who an API key belongs
 * to, and remembers the answer for a short time. A revocation of the key or of its owner evicts it at once, so
 * the cache never outlives a revocation that reached this instance.
 */
@ApplicationScoped
@DefaultBean
public class RemoteApiKeyVerifier implements ApiKeyVerifier {

    private final WebClient client;
    private final ObjectMapper mapper;
    private final ServiceTokenClient serviceTokens;
    private final String verifyUrl;
    private final Duration timeout;
    private final Cache<String, Optional<ApiKeyOwner>> cache;

    public RemoteApiKeyVerifier(Vertx vertx, ObjectMapper mapper, ServiceTokenClient serviceTokens, RevocationRegistry revocations,
            @ConfigProperty(name = "mcps.identity.url", defaultValue = "http://127.0.0.1:8081") String identityUrl,
            @ConfigProperty(name = "mcps.api-keys.cache-ttl", defaultValue = "30s") Duration ttl,
            @ConfigProperty(name = "mcps.api-keys.cache-size", defaultValue = "10000") long size,
            @ConfigProperty(name = "mcps.api-keys.verify-timeout", defaultValue = "5s") Duration timeout) {
        this.client = WebClient.create(vertx);
        this.mapper = mapper;
        this.serviceTokens = serviceTokens;
        this.verifyUrl = identityUrl + "/internal/api-keys/verify";
        this.timeout = timeout;
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(size).build();
        revocations.onRevocation(this::evict);
    }

    @Override
    public Uni<Optional<ApiKeyOwner>> verify(String key) {
        String cacheKey = sha256(key);
        Optional<ApiKeyOwner> known = cache.getIfPresent(cacheKey);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return serviceTokens.authorization()
                .chain(authorization -> client.postAbs(verifyUrl)
                        .putHeader("Authorization", authorization)
                        .timeout(timeout.toMillis())
                        .sendJsonObject(new JsonObject().put("key", key)))
                .map(response -> switch (response.statusCode()) {
                    case 200 -> Optional.of(read(response.bodyAsString()));
                    case 404 -> Optional.<ApiKeyOwner> empty();
                    default -> throw ProblemException.unavailable(
                            "identity-service could not check the API key (HTTP " + response.statusCode() + ")");
                })
                .invoke(owner -> cache.put(cacheKey, owner));
    }

    private void evict(Revocation revocation) {
        switch (revocation.kind()) {
            case Revocation.API_KEY -> cache.asMap().values()
                    .removeIf(o -> o.isPresent() && o.get().apiKeyId().equals(revocation.apiKeyId()));
            case Revocation.USER -> cache.asMap().values()
                    .removeIf(o -> o.isPresent() && o.get().userId().equals(revocation.userId()));
            default -> {
            }
        }
    }

    private ApiKeyOwner read(String json) {
        try {
            return mapper.readValue(json, ApiKeyOwner.class);
        } catch (JsonProcessingException e) {
            throw ProblemException.unavailable("identity-service answered an API-key check with an unreadable body");
        }
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
