package one.mcps.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import one.mcps.platform.events.EventTypes;
import one.mcps.platform.events.Topics;

/**
 * What every MCPS.ONE service keeps, whatever its domain: health, metrics, OpenAPI, problem+json for what it does
 * not serve, bearer authentication, and revocations arriving over the real broker. Each service's
 * {@code PlatformContractTest} extends this as a {@code @QuarkusTest}.
 */
public abstract class PlatformContract {

    /** A POST endpoint of the service that takes a JSON body, for the malformed-JSON check. */
    protected abstract String jsonEndpoint();

    /** A token allowed to POST to {@link #jsonEndpoint()}. */
    protected String jsonEndpointToken() {
        return TestTokens.admin();
    }

    @Test
    void livenessAndReadinessAnswerUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200).body("status", equalTo("UP")));
    }

    @Test
    void prometheusMetricsAreServed() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void openApiIsServed() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("openapi", notNullValue());
    }

    @Test
    void unknownRouteIsProblemJson() {
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/no-such-thing-" + UUID.randomUUID()).then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mcps.one/problems/not-found"))
                .body("status", equalTo(404))
                .body(not(containsString("Exception")));
    }

    @Test
    void malformedJsonIsProblemJson() {
        given().auth().oauth2(jsonEndpointToken()).contentType("application/json").body("{\"name\": ")
                .post(jsonEndpoint()).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mcps.one/problems/malformed-json"))
                .body(not(containsString("Exception")));
    }

    @Test
    void internalEndpointsNeedAToken() {
        given().get("/internal/info").then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.forUser("victor", "viewer")).get("/internal/info").then().statusCode(403);
    }

    /** Issue 15 item 8: {@code /internal/**} is for service tokens only; an admin (JWT or scoped) is refused. */
    @Test
    void internalEndpointsRefuseEvenAdmins() {
        given().auth().oauth2(TestTokens.admin()).get("/internal/info").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.scoped("admin", "key-1", Set.of("everything"), "admin"))
                .get("/internal/info").then().statusCode(403);
        given().auth().oauth2(TestTokens.service()).get("/internal/info").then().statusCode(200);
    }

    /**
     * Issue 15 item 1: a credential scoped to some MCP servers is no credential outside the MCP surface, whatever
     * its owner may do: the service refuses an admin's scoped token.
     */
    @Test
    void scopedCredentialIsRefusedOutsideMcp() {
        String path = adminReadableEndpoint();
        given().auth().oauth2(TestTokens.admin()).get(path).then().statusCode(not(403));
        given().auth().oauth2(TestTokens.scoped("admin", "key-2", Set.of("everything"), "admin")).get(path).then()
                .statusCode(403).contentType("application/problem+json");
    }

    /** A GET endpoint of the service that an admin may read (it answers an admin anything but 403). */
    protected abstract String adminReadableEndpoint();

    /** A token issued on behalf of an API key stops working once the key is revoked. */
    @Test
    void delegatedTokenIsRefusedOnceItsKeyIsRevoked() {
        String keyId = UUID.randomUUID().toString();
        String token = TestTokens.scoped("kim", keyId, Set.of("everything"), "viewer");
        given().auth().oauth2(token).get(adminReadableEndpoint()).then().statusCode(403);
        String revocation = "{\"kind\":\"api_key\",\"api_key_id\":\"" + keyId + "\",\"at\":\"" + Instant.now()
                + "\"}";
        KafkaProbe.send(Topics.REVOCATIONS, keyId, EventTypes.REVOCATION, revocation);
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> given().auth().oauth2(token).get(adminReadableEndpoint()).then().statusCode(401));
    }

    @Test
    void revokedTokenIsRefusedOnceTheRevocationArrivesOverKafka() {
        String jti = UUID.randomUUID().toString();
        String token = TestTokens.token(UUID.randomUUID().toString(), "revoked-user", jti, "service");
        given().auth().oauth2(token).get("/internal/info").then().statusCode(200).body("service", notNullValue());

        String revocation = "{\"kind\":\"token\",\"jti\":\"" + jti + "\",\"expires_at\":\""
                + Instant.now().plus(Duration.ofMinutes(30)) + "\",\"at\":\"" + Instant.now() + "\"}";
        KafkaProbe.send(Topics.REVOCATIONS, jti, EventTypes.REVOCATION, revocation);

        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> given().auth().oauth2(token).get("/internal/info").then().statusCode(401));
    }
}
