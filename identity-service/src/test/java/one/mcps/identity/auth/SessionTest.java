package one.mcps.identity.auth;

import static io.restassured.RestAssured.given;
import static one.mcps.identity.IdentityApi.PASSWORD;
import static one.mcps.identity.IdentityApi.createUser;
import static one.mcps.identity.IdentityApi.login;
import static one.mcps.identity.IdentityApi.uniqueName;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.inject.Inject;
import one.mcps.platform.events.EventTypes;
import one.mcps.platform.events.Topics;
import one.mcps.testing.KafkaProbe;
import one.mcps.testing.LocalStackResource;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class SessionTest {

    private static final int RACERS = 4;

    @Inject
    JWTParser parser;

    @Test
    void refreshRotatesAndAReusedTokenRevokesTheFamily() {
        String name = uniqueName("erin");
        createUser(name, "viewer");
        JsonPath first = login(name, PASSWORD).then().statusCode(200).extract().jsonPath();
        String refresh1 = first.getString("refresh_token");

        JsonPath second = refresh(refresh1).then().statusCode(200).extract().jsonPath();
        String refresh2 = second.getString("refresh_token");
        String access2 = second.getString("access_token");
        given().auth().oauth2(access2).get("/api/v1/auth/me").then().statusCode(200)
                .body("username", equalTo(name));
        assertEquals(false, refresh1.equals(refresh2));

        // The spent token again: theft detected, the whole family (and its live access token) is revoked.
        refresh(refresh1).then().statusCode(401).contentType("application/problem+json");
        refresh(refresh2).then().statusCode(401);
        given().auth().oauth2(access2).get("/api/v1/auth/me").then().statusCode(401);
    }

    @Test
    void parallelRefreshesOfOneTokenNeverBothSucceedAndTheLoserRevokesTheFamily() throws Exception {
        String name = uniqueName("erin-race");
        createUser(name, "viewer");
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            // A race is a matter of luck: several tries, each with several refreshes released at once.
            for (int attempt = 0; attempt < 5; attempt++) {
                String refresh = login(name, PASSWORD).then().statusCode(200).extract().path("refresh_token");
                CountDownLatch start = new CountDownLatch(1);
                List<Future<io.restassured.response.Response>> racers = new ArrayList<>();
                for (int i = 0; i < RACERS; i++) {
                    racers.add(pool.submit(() -> {
                        start.await();
                        return refresh(refresh);
                    }));
                }
                start.countDown();
                List<String> winners = new ArrayList<>();
                for (Future<io.restassured.response.Response> racer : racers) {
                    io.restassured.response.Response answer = racer.get(30, TimeUnit.SECONDS);
                    if (answer.statusCode() == 200) {
                        winners.add(answer.path("refresh_token"));
                    } else {
                        assertEquals(401, answer.statusCode(), answer.asString());
                    }
                }
                assertTrue(winners.size() <= 1, "try " + attempt + ": " + winners.size() + " refreshes succeeded");
                // Whoever lost presented a spent token: reuse detection revoked the family, the winner's pair too.
                for (String winner : winners) {
                    refresh(winner).then().statusCode(401);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void unknownRefreshTokenIs401() {
        refresh("not-a-refresh-token").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void logoutAnnouncesTheRevocationAndTheTokenStopsWorking() throws Exception {
        String name = uniqueName("frank");
        createUser(name, "operator");
        JsonPath pair = login(name, PASSWORD).then().statusCode(200).extract().jsonPath();
        String access = pair.getString("access_token");
        JsonWebToken jwt = parser.parse(access);
        try (KafkaProbe revocations = KafkaProbe.watch(Topics.REVOCATIONS)) {
            given().auth().oauth2(access).post("/api/v1/auth/logout").then().statusCode(204);
            given().auth().oauth2(access).get("/api/v1/auth/me").then().statusCode(401)
                    .contentType("application/problem+json");
            refresh(pair.getString("refresh_token")).then().statusCode(401);

            ConsumerRecord<String, String> event = revocations.await(r -> jwt.getTokenID().equals(r.key()),
                    Duration.ofSeconds(15));
            assertEquals(EventTypes.REVOCATION, KafkaProbe.header(event, "ce_type"));
            JsonPath body = JsonPath.from(event.value());
            assertEquals("token", body.getString("kind"));
            assertEquals(jwt.getTokenID(), body.getString("jti"));
        }
    }

    @Test
    void changingThePasswordEndsEverySessionAndTheNewPasswordWorks() {
        String name = uniqueName("gina");
        createUser(name, "viewer");
        String access = login(name, PASSWORD).then().statusCode(200).extract().path("access_token");

        given().auth().oauth2(access).contentType("application/json")
                .body(Map.of("current_password", "wrong one", "new_password", "another good password"))
                .put("/api/v1/auth/me/password").then().statusCode(400).body("errors[0].field",
                        equalTo("current_password"));
        given().auth().oauth2(access).contentType("application/json")
                .body(Map.of("current_password", PASSWORD, "new_password", "short"))
                .put("/api/v1/auth/me/password").then().statusCode(400).body("errors[0].field",
                        equalTo("new_password"));
        given().auth().oauth2(access).contentType("application/json")
                .body(Map.of("current_password", PASSWORD, "new_password", "another good password"))
                .put("/api/v1/auth/me/password").then().statusCode(204);

        given().auth().oauth2(access).get("/api/v1/auth/me").then().statusCode(401);
        login(name, PASSWORD).then().statusCode(401);
        String fresh = login(name, "another good password").then().statusCode(200).extract().path("access_token");
        given().auth().oauth2(fresh).get("/api/v1/auth/me").then().statusCode(200).body("username", equalTo(name));
    }

    @Test
    void meWithoutATokenIs401() {
        given().get("/api/v1/auth/me").then().statusCode(401).header("WWW-Authenticate", not(equalTo(null)))
                .contentType("application/problem+json");
    }

    private static io.restassured.response.Response refresh(String token) {
        return given().contentType("application/json").body(Map.of("refresh_token", token))
                .post("/api/v1/auth/refresh");
    }
}
