package one.mcps.gateway.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import one.mcps.gateway.FakeUpstreams;
import one.mcps.platform.events.EventTypes;
import one.mcps.platform.events.Topics;
import one.mcps.testing.KafkaProbe;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = FakeUpstreams.class, restrictToAnnotatedClass = false)
class EdgeAuthTest {

    @Test
    void revokedTokenIs401AtTheEdgeOnceTheRevocationArrives() {
        String jti = UUID.randomUUID().toString();
        String token = TestTokens.token(UUID.randomUUID().toString(), "logout-" + jti, jti, "viewer");
        given().auth().oauth2(token).get("/api/v1/logs").then().statusCode(200);

        String revocation = "{\"kind\":\"token\",\"jti\":\"" + jti + "\",\"expires_at\":\""
                + Instant.now().plus(Duration.ofMinutes(30)) + "\",\"at\":\"" + Instant.now() + "\"}";
        KafkaProbe.send(Topics.REVOCATIONS, jti, EventTypes.REVOCATION, revocation);

        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> given().auth().oauth2(token).get("/api/v1/logs").then().statusCode(401)
                        .header("WWW-Authenticate", "Bearer")
                        .body("detail", equalTo("The bearer token was revoked.")));
    }

    @Test
    void everyTokenOfADisabledUserIsRefused() {
        String userId = UUID.randomUUID().toString();
        String token = TestTokens.token(userId, "disabled-" + userId, UUID.randomUUID().toString(), "operator");
        given().auth().oauth2(token).get("/api/v1/tools").then().statusCode(200);

        String revocation = "{\"kind\":\"user\",\"user_id\":\"" + userId + "\",\"issued_before\":\""
                + Instant.now().plusSeconds(1) + "\",\"at\":\"" + Instant.now() + "\"}";
        KafkaProbe.send(Topics.REVOCATIONS, userId, EventTypes.REVOCATION, revocation);

        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> given().auth().oauth2(token).get("/api/v1/tools").then().statusCode(401));
    }

    @Test
    void publicPathsNeedNoToken() {
        given().get("/api/v1/system/health").then().statusCode(200).body("path", equalTo("/api/v1/system/health"));
        given().get("/api/v1/system/info").then().statusCode(401);
    }

    @Test
    void apiKeysAreCheckedAtTheEdgeAndForwardedAsSent() {
        given().auth().oauth2(FakeUpstreams.API_KEY).get("/api/v1/tools").then()
                .statusCode(200)
                .body("headers.authorization", equalTo("Bearer " + FakeUpstreams.API_KEY));
        given().auth().oauth2("mcps_" + FakeUpstreams.API_KEY_ID + "_wrongsecret").get("/api/v1/tools").then()
                .statusCode(401)
                .body("detail", equalTo("The API key is not valid."));

        String revocation = "{\"kind\":\"api_key\",\"api_key_id\":\"" + FakeUpstreams.API_KEY_ID + "\",\"at\":\""
                + Instant.now() + "\"}";
        KafkaProbe.send(Topics.REVOCATIONS, FakeUpstreams.API_KEY_ID, EventTypes.REVOCATION, revocation);
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> given().auth().oauth2(FakeUpstreams.API_KEY).get("/api/v1/tools").then()
                        .statusCode(401));
    }
}
