package one.mcps.identity.auth;

import static io.restassured.RestAssured.given;
import static one.mcps.identity.IdentityApi.PASSWORD;
import static one.mcps.identity.IdentityApi.accessToken;
import static one.mcps.identity.IdentityApi.uniqueName;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import one.mcps.platform.config.RuntimeSettings;
import one.mcps.testing.LocalStackResource;

/**
 * Registration as the runtime setting switches it. Changes are handed to RuntimeSettings the way its Kafka consumer
 * does, without publishing them: the settings topic is shared with every running service and its tests.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class RegistrationTest {

    @Inject
    RuntimeSettings settings;

    /** Leaves the textual setting unset (null) and registration closed, as the platform's defaults have it. */
    @AfterEach
    void close() {
        change("auth.registration", "null");
        change("registration_open", "false");
    }

    @Test
    void openRegistrationCreatesAViewerWhoCanLogIn() {
        String name = uniqueName("nina");
        Response created = registerOnceApplied("registration_open", "true", name, 201);
        created.then().body("roles", contains("viewer")).body("username", equalTo(name));
        assertTrue(created.header("Location").endsWith("/api/v1/users/" + created.path("id")));
        given().auth().oauth2(accessToken(name, PASSWORD)).get("/api/v1/auth/me").then().statusCode(200)
                .body("roles", contains("viewer"));
    }

    @Test
    void closedRegistrationIs403() {
        registerOnceApplied("registration_open", "false", uniqueName("mallory"), 403).then()
                .contentType("application/problem+json")
                .body("type", equalTo("https://mcps.one/problems/forbidden"));
    }

    @Test
    void theTextualSettingWinsOverTheBooleanOne() {
        change("registration_open", "true");
        registerOnceApplied("auth.registration", "\"closed\"", uniqueName("olga"), 403);
        change("auth.registration", "\"open\"");
        register(uniqueName("olga"), PASSWORD).then().statusCode(201);
    }

    @Test
    void duplicateRegistrationIs409AndShortPasswordIs400() {
        String name = uniqueName("pia");
        registerOnceApplied("registration_open", "true", name, 201);
        register(name, PASSWORD).then().statusCode(409).contentType("application/problem+json");
        register(uniqueName("pia"), "short").then().statusCode(400).body("errors[0].field", equalTo("password"));
    }

    /**
     * Applies the setting and registers until the answer is {@code status}: the settings consumer may still be
     * catching up with values other tests left on the shared topic, and a late one can overwrite ours once.
     */
    private Response registerOnceApplied(String key, String jsonValue, String name, int status) {
        AtomicReference<Response> last = new AtomicReference<>();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            change(key, jsonValue);
            last.set(register(name, PASSWORD));
            return last.get().statusCode() == status;
        });
        return last.get();
    }

    private void change(String key, String jsonValue) {
        String event = "{\"setting_key\":\"" + key + "\",\"value\":" + jsonValue
                + ",\"changed_by\":\"test\",\"at\":\"2026-01-01T00:00:00Z\"}";
        settings.onChange(Message.of(event)).await().indefinitely();
    }

    private static Response register(String name, String password) {
        return given().contentType("application/json")
                .body(Map.of("username", name, "email", name + "@example.com", "password", password))
                .post("/api/v1/auth/register");
    }
}
