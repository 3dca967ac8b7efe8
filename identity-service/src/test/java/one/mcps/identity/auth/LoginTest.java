package one.mcps.identity.auth;

import static io.restassured.RestAssured.given;
import static one.mcps.identity.IdentityApi.ADMIN_PASSWORD;
import static one.mcps.identity.IdentityApi.PASSWORD;
import static one.mcps.identity.IdentityApi.accessToken;
import static one.mcps.identity.IdentityApi.randomAddress;
import static one.mcps.identity.IdentityApi.createUser;
import static one.mcps.identity.IdentityApi.login;
import static one.mcps.identity.IdentityApi.uniqueName;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import one.mcps.identity.FromAddress;
import one.mcps.platform.config.RuntimeSettings;
import one.mcps.platform.events.Topics;
import one.mcps.testing.KafkaProbe;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class LoginTest {

    @Inject
    RuntimeSettings settings;
    @Inject
    LoginThrottle throttle;

    @Test
    void loginAnswersTokensThatWorkForMe() {
        String name = uniqueName("alice");
        String id = createUser(name, "operator");
        String token = login(name, PASSWORD).then().statusCode(200)
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(1800))
                .body("refresh_token", notNullValue())
                .extract().path("access_token");

        given().auth().oauth2(token).get("/api/v1/auth/me").then().statusCode(200)
                .body("id", equalTo(id))
                .body("username", equalTo(name))
                .body("email", equalTo(name + "@example.com"))
                .body("roles", contains("operator"))
                .body("last_login_at", notNullValue());
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSame401() {
        String name = uniqueName("bob");
        createUser(name, "viewer");
        String wrong = login(name, "not the password").then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .extract().path("detail");
        String unknown = login(uniqueName("nobody"), "whatever password").then().statusCode(401)
                .contentType("application/problem+json").extract().path("detail");
        assertEquals(wrong, unknown);
    }

    @Test
    void failuresHoldBackTheirAddressButNeverTheOwnerElsewhereAndUnknownNamesLookTheSame() {
        String name = uniqueName("carol");
        createUser(name, "viewer");
        String stranger = randomAddress();
        for (int i = 0; i < 5; i++) {
            login(name, "wrong password " + i, stranger).then().statusCode(401);
        }
        Response held = login(name, PASSWORD, stranger);
        assertThrottled(held);

        String nobody = uniqueName("nobody");
        String other = randomAddress();
        for (int i = 0; i < 5; i++) {
            login(nobody, "wrong password " + i, other).then().statusCode(401);
        }
        Response heldUnknown = login(nobody, PASSWORD, other);
        assertThrottled(heldUnknown);
        assertEquals(withoutDigits(held.path("detail")), withoutDigits(heldUnknown.path("detail")));

        // The strangers' failures do not stop the owner at an address of their own.
        login(name, PASSWORD, randomAddress()).then().statusCode(200);
    }

    @Test
    void strangersCannotLockOutTheLastAdmin() {
        String adminId = given().auth().oauth2(TestTokens.admin()).queryParam("search", "admin").get("/api/v1/users")
                .then().statusCode(200).extract().path("items.find { it.username == 'admin' }.id");
        // Failures an earlier run left on the account would hold back the second stranger sooner.
        unlock(adminId);
        try {
            String first = randomAddress();
            for (int i = 0; i < 5; i++) {
                login("admin", "a guess " + i, first).then().statusCode(401);
            }
            assertThrottled(login("admin", ADMIN_PASSWORD, first));
            // Another stranger gets one guess: having failed on the account, its counter holds them back too.
            String second = randomAddress();
            login("admin", "another guess", second).then().statusCode(401);
            assertThrottled(login("admin", ADMIN_PASSWORD, second));

            // The admin, from an address that has not failed on the account, is not held back.
            login("admin", ADMIN_PASSWORD, randomAddress()).then().statusCode(200);
        } finally {
            unlock(adminId);
        }
    }

    private static void unlock(String userId) {
        given().auth().oauth2(TestTokens.admin()).post("/api/v1/users/" + userId + "/unlock").then().statusCode(204);
    }

    @Test
    void anAddressFailingOnManyAccountsIsHeldBackForEveryAccount() {
        String name = uniqueName("cleo");
        createUser(name, "viewer");
        String address = randomAddress();
        // %test allows 8 failures per address; each on another name, so no account counter is reached.
        for (int i = 0; i < 8; i++) {
            login(uniqueName("ghost"), "wrong password", address).then().statusCode(401);
        }
        assertThrottled(login(name, PASSWORD, address));
        login(name, PASSWORD, randomAddress()).then().statusCode(200);
    }

    @Test
    void anAdminUnlocksAThrottledAccountAndTheUnlockIsAudited() {
        String name = uniqueName("cora");
        String id = createUser(name, "operator");
        String address = randomAddress();
        for (int i = 0; i < 5; i++) {
            login(name, "wrong password " + i, address).then().statusCode(401);
        }
        assertThrottled(login(name, PASSWORD, address));

        given().auth().oauth2(accessToken(name, PASSWORD)).post("/api/v1/users/" + id + "/unlock").then()
                .statusCode(403).contentType("application/problem+json");
        try (KafkaProbe audit = KafkaProbe.watch(Topics.AUDIT)) {
            given().auth().oauth2(TestTokens.admin()).post("/api/v1/users/" + id + "/unlock").then().statusCode(204);
            // Keyed by the actor (the admin); the target is the user.
            audit.await(r -> r.value().contains(id) && r.value().contains("\"user.unlocked\""),
                    Duration.ofSeconds(15));
        }
        login(name, PASSWORD, address).then().statusCode(200);
        given().auth().oauth2(TestTokens.admin()).post("/api/v1/users/" + UUID.randomUUID() + "/unlock").then()
                .statusCode(404).contentType("application/problem+json");
    }

    @Test
    void maxLoginAttemptsIsARuntimeSetting() {
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                changeSetting("max_login_attempts", "2");
                return throttle.rule().accountAttempts() == 2;
            });
            String name = uniqueName("cody");
            createUser(name, "viewer");
            String address = randomAddress();
            login(name, "wrong password 1", address).then().statusCode(401);
            login(name, "wrong password 2", address).then().statusCode(401);
            assertThrottled(login(name, PASSWORD, address));
        } finally {
            changeSetting("max_login_attempts", "null");
        }
    }

    @Test
    void aNameWithLineBreaksIsNeverRepeatedRaw() {
        String marker = UUID.randomUUID().toString();
        String name = "forged\r\nINFO admin logged in " + marker;
        try (KafkaProbe audit = KafkaProbe.watch(Topics.AUDIT)) {
            String detail = login(name, "whatever password").then().statusCode(401)
                    .contentType("application/problem+json").extract().path("detail");
            assertFalse(detail.contains("\r") || detail.contains("\n"), detail);
            JsonPath event = JsonPath.from(audit.await(r -> r.value().contains(marker)
                    && r.value().contains("\"auth.login\""), Duration.ofSeconds(15)).value());
            assertEquals("forged\\r\\nINFO admin logged in " + marker, event.getString("actor"));
        }
    }

    @Test
    void loginsAreAuditedWithTheClientAddressTheTrustedProxyForwards() {
        String name = uniqueName("dave");
        String id = createUser(name, "viewer");
        try (KafkaProbe audit = KafkaProbe.watch(Topics.AUDIT)) {
            login(name, PASSWORD, "203.0.113.7").then().statusCode(200);
            login(name, "wrong password", "203.0.113.8").then().statusCode(401);
            ConsumerRecord<String, String> success = audit.await(r -> id.equals(r.key())
                    && r.value().contains("\"auth.login\"") && r.value().contains("\"success\""),
                    Duration.ofSeconds(15));
            JsonPath event = JsonPath.from(success.value());
            assertEquals(name, event.getString("actor"));
            assertEquals("203.0.113.7", event.getString("address"));
            ConsumerRecord<String, String> failure = audit.await(r -> id.equals(r.key())
                    && r.value().contains("\"auth.login\"") && r.value().contains("\"failure\""),
                    Duration.ofSeconds(15));
            assertEquals("203.0.113.8", JsonPath.from(failure.value()).getString("address"));
        }
    }

    @Test
    void aForwardedForFromAnUntrustedCallerIsIgnored() throws Exception {
        String name = uniqueName("dora");
        String id = createUser(name, "viewer");
        try (KafkaProbe audit = KafkaProbe.watch(Topics.AUDIT)) {
            // %test trusts only 127.0.0.1 (as the local stack trusts its gateway); this caller is 127.0.0.2.
            FromAddress.Answer answer = FromAddress.post("127.0.0.2", "/api/v1/auth/login",
                    "{\"username\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}",
                    Map.of("X-Forwarded-For", "203.0.113.66"));
            assertEquals(200, answer.status(), answer.body());
            ConsumerRecord<String, String> success = audit.await(r -> id.equals(r.key())
                    && r.value().contains("\"auth.login\"") && r.value().contains("\"success\""),
                    Duration.ofSeconds(15));
            assertEquals("127.0.0.2", JsonPath.from(success.value()).getString("address"));
        }
    }

    private static void assertThrottled(Response answer) {
        answer.then().statusCode(429).contentType("application/problem+json")
                .body("type", equalTo("https://mcps.one/problems/rate-limited"))
                .header("Retry-After", notNullValue());
        assertTrue(Integer.parseInt(answer.header("Retry-After")) > 0, answer.header("Retry-After"));
    }

    private static String withoutDigits(String text) {
        return text.replaceAll("[0-9]+", "#");
    }

    private void changeSetting(String key, String jsonValue) {
        String event = "{\"setting_key\":\"" + key + "\",\"value\":" + jsonValue
                + ",\"changed_by\":\"test\",\"at\":\"2026-01-01T00:00:00Z\"}";
        settings.onChange(Message.of(event)).await().indefinitely();
    }

    @Test
    void missingFieldsAreFieldErrors() {
        given().contentType("application/json").body("{\"username\":\"x\"}").post("/api/v1/auth/login").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("password"))
                .body("errors.size()", greaterThan(0));
    }
}
