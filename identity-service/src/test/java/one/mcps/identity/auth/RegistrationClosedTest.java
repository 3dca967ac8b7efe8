package one.mcps.identity.auth;

import static io.restassured.RestAssured.given;
import static one.mcps.identity.IdentityApi.PASSWORD;
import static one.mcps.identity.IdentityApi.uniqueName;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import one.mcps.testing.LocalStackResource;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class RegistrationClosedTest {

    @Test
    void registrationIsClosedByDefault() {
        String name = uniqueName("mallory");
        given().contentType("application/json")
                .body(Map.of("username", name, "email", name + "@example.com", "password", PASSWORD))
                .post("/api/v1/auth/register").then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://mcps.one/problems/forbidden"));
    }
}
