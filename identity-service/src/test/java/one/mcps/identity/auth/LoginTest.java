package one.mcps.identity.auth;

import static io.restassured.RestAssured.given;
import static one.mcps.identity.IdentityApi.PASSWORD;
import static one.mcps.identity.IdentityApi.createUser;
import static one.mcps.identity.IdentityApi.login;
import static one.mcps.identity.IdentityApi.uniqueName;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import one.mcps.platform.events.Topics;
import one.mcps.testing.KafkaProbe;
import one.mcps.testing.LocalStackResource;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class LoginTest {

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
    void fiveFailuresLockTheAccount() {
        String name = uniqueName("carol");
        createUser(name, "viewer");
        for (int i = 0; i < 4; i++) {
            login(name, "wrong password " + i).then().statusCode(401);
        }
        login(name, "wrong password 5").then().statusCode(423).body("detail", containsString("locked"));
        login(name, PASSWORD).then().statusCode(423)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mcps.one/problems/locked"))
                .body("detail", containsString("until"));
    }

    @Test
    void loginsAreAuditedWithTheClientAddress() {
        String name = uniqueName("dave");
        String id = createUser(name, "viewer");
        try (KafkaProbe audit = KafkaProbe.watch(Topics.AUDIT)) {
            login(name, PASSWORD).then().statusCode(200);
            login(name, "wrong password").then().statusCode(401);
            ConsumerRecord<String, String> success = audit.await(r -> id.equals(r.key())
                    && r.value().contains("\"auth.login\"") && r.value().contains("\"success\""),
                    Duration.ofSeconds(15));
            JsonPath event = JsonPath.from(success.value());
            assertEquals(name, event.getString("actor"));
            assertEquals("127.0.0.1", event.getString("address"));
            audit.await(r -> id.equals(r.key()) && r.value().contains("\"auth.login\"")
                    && r.value().contains("\"failure\""), Duration.ofSeconds(15));
        }
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
