package one.mcps.identity.apikeys;

import static io.restassured.RestAssured.given;
import static one.mcps.identity.IdentityApi.PASSWORD;
import static one.mcps.identity.IdentityApi.accessToken;
import static one.mcps.identity.IdentityApi.createUser;
import static one.mcps.identity.IdentityApi.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.core.Vertx;
import one.mcps.platform.security.ApiKeyOwner;
import one.mcps.platform.security.RemoteApiKeyVerifier;
import one.mcps.platform.security.RevocationRegistry;
import one.mcps.platform.security.ServiceTokenClient;
import one.mcps.testing.LocalStackResource;

/**
 * The path every other service takes for an API key: platform's RemoteApiKeyVerifier gets a service token by client
 * credentials, asks this identity-service over HTTP, caches the answer, and drops it when the key is revoked.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class RemoteApiKeyVerifierTest {

    @Inject
    Vertx vertx;
    @Inject
    ObjectMapper mapper;
    @Inject
    RevocationRegistry revocations;
    @TestHTTPResource("/")
    URL base;

    @Test
    void anotherServiceSeesTheOwnerUntilTheKeyIsRevoked() {
        String identityUrl = base.toString().replaceAll("/$", "");
        ServiceTokenClient tokens = new ServiceTokenClient(vertx, identityUrl, "tool-service",
                Optional.of("test-service-secret"), Duration.ofSeconds(60));
        RemoteApiKeyVerifier verifier = new RemoteApiKeyVerifier(vertx, mapper, tokens, revocations, identityUrl,
                Duration.ofMinutes(5), 100, Duration.ofSeconds(10));

        String name = uniqueName("uma");
        String userId = createUser(name, "operator");
        String token = accessToken(name, PASSWORD);
        JsonPath created = given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("name", "remote", "servers", List.of("fs"))).post("/api/v1/auth/api-keys").then()
                .statusCode(201).extract().jsonPath();
        String key = created.getString("key");

        ApiKeyOwner owner = verifier.verify(key).await().atMost(Duration.ofSeconds(30)).orElseThrow();
        assertEquals(userId, owner.userId());
        assertEquals(name, owner.username());
        assertEquals(Set.of("operator"), owner.roles());
        assertEquals(Set.of("fs"), owner.servers());
        assertTrue(verifier.verify(key + "x").await().atMost(Duration.ofSeconds(30)).isEmpty());

        given().auth().oauth2(token).delete("/api/v1/auth/api-keys/" + created.getString("id")).then()
                .statusCode(204);
        // The answer was cached for five minutes; the revocation evicted it.
        assertTrue(verifier.verify(key).await().atMost(Duration.ofSeconds(30)).isEmpty());
    }
}
