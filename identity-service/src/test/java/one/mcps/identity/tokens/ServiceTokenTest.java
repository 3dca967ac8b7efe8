package one.mcps.identity.tokens;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.inject.Inject;
import one.mcps.testing.LocalStackResource;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class ServiceTokenTest {

    @Inject
    JWTParser parser;

    @Test
    void clientCredentialsGiveAServiceToken() throws Exception {
        String token = given().formParam("grant_type", "client_credentials").formParam("client_id", "tool-service")
                .formParam("client_secret", "test-service-secret").post("/api/v1/auth/token").then()
                .statusCode(200).body("token_type", equalTo("Bearer")).body("expires_in", equalTo(600))
                .extract().path("access_token");
        JsonWebToken jwt = parser.parse(token);
        assertEquals("tool-service", jwt.getSubject());
        assertEquals("tool-service", jwt.getName());
        assertTrue(jwt.getGroups().contains("service"));
        assertEquals("https://mcps.one", jwt.getIssuer());

        given().auth().oauth2(token).get("/internal/info").then().statusCode(200).body("service", notNullValue());
    }

    @Test
    void wrongSecretUnknownClientAndWrongGrantAreRefused() {
        given().formParam("grant_type", "client_credentials").formParam("client_id", "tool-service")
                .formParam("client_secret", "wrong").post("/api/v1/auth/token").then().statusCode(401)
                .contentType("application/problem+json");
        given().formParam("grant_type", "client_credentials").formParam("client_id", "evil-service")
                .formParam("client_secret", "test-service-secret").post("/api/v1/auth/token").then()
                .statusCode(401);
        given().formParam("grant_type", "password").formParam("client_id", "tool-service")
                .formParam("client_secret", "test-service-secret").post("/api/v1/auth/token").then()
                .statusCode(400).body("errors.field", hasItem("grant_type"));
    }

    @Test
    void jwksPublishesTheSigningKey() {
        given().get("/.well-known/jwks.json").then().statusCode(200)
                .body("keys[0].kid", equalTo("mcps-test"))
                .body("keys[0].kty", equalTo("RSA"))
                .body("keys[0].alg", equalTo("RS256"))
                .body("keys[0].n", notNullValue())
                .body("keys[0].d", equalTo(null));
    }
}
