package one.mcps.identity.tokens;

import static io.restassured.RestAssured.given;
import static one.mcps.identity.IdentityApi.PASSWORD;
import static one.mcps.identity.IdentityApi.accessToken;
import static one.mcps.identity.IdentityApi.createUser;
import static one.mcps.identity.IdentityApi.uniqueName;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.jwt.auth.principal.JWTParser;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class OnBehalfTokenTest {

    @Inject
    JWTParser parser;

    @Test
    void aServiceGetsAShortTokenWithTheUsersCurrentRoles() throws Exception {
        String name = uniqueName("tess");
        String id = createUser(name, "admin");
        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body(Map.of("roles", List.of("viewer"))).put("/api/v1/users/" + id).then().statusCode(200);

        JsonPath answer = onBehalf(Map.of("user_id", id)).then().statusCode(200)
                .body("expires_in", equalTo(60)).extract().jsonPath();
        JsonWebToken jwt = parser.parse(answer.getString("access_token"));
        assertEquals(id, jwt.getSubject());
        assertEquals(Set.of("viewer"), jwt.getGroups());
        assertEquals(60, jwt.getExpirationTime() - jwt.getIssuedAtTime());
        assertNull(jwt.getClaim("api_key_id"));
        assertNull(jwt.getClaim("servers"));
        given().auth().oauth2(answer.getString("access_token")).get("/api/v1/auth/me").then().statusCode(200)
                .body("id", equalTo(id)).body("roles", contains("viewer"));
    }

    @Test
    void withAScopedKeyTheTokenCarriesTheKeyAndItsServers() throws Exception {
        String name = uniqueName("tom");
        String id = createUser(name, "operator");
        String token = accessToken(name, PASSWORD);
        String scoped = createKey(token, List.of("fs", "memory"));
        String unscoped = createKey(token, null);

        JsonWebToken jwt = parser.parse(onBehalf(Map.of("user_id", id, "api_key_id", scoped)).then()
                .statusCode(200).extract().path("access_token"));
        assertEquals(scoped, String.valueOf((Object) jwt.getClaim("api_key_id")).replace("\"", ""));
        assertEquals("[\"fs\",\"memory\"]", String.valueOf((Object) jwt.getClaim("servers")).replace(" ", ""));

        JsonWebToken plain = parser.parse(onBehalf(Map.of("user_id", id, "api_key_id", unscoped)).then()
                .statusCode(200).extract().path("access_token"));
        assertTrue(plain.getClaimNames().contains("api_key_id"));
        assertNull(plain.getClaim("servers"));
    }

    @Test
    void aDisabledOrDeletedUserAndARevokedOrForeignKeyAreRefused() {
        String name = uniqueName("uma");
        String id = createUser(name, "viewer");
        String token = accessToken(name, PASSWORD);
        String revoked = createKey(token, List.of("fs"));
        given().auth().oauth2(token).delete("/api/v1/auth/api-keys/" + revoked).then().statusCode(204);
        onBehalf(Map.of("user_id", id, "api_key_id", revoked)).then().statusCode(403)
                .contentType("application/problem+json");

        String other = uniqueName("vic");
        createUser(other, "viewer");
        String foreign = createKey(accessToken(other, PASSWORD), null);
        onBehalf(Map.of("user_id", id, "api_key_id", foreign)).then().statusCode(403)
                .contentType("application/problem+json");
        onBehalf(Map.of("user_id", id, "api_key_id", UUID.randomUUID().toString())).then().statusCode(404)
                .contentType("application/problem+json");

        given().auth().oauth2(TestTokens.admin()).contentType("application/json").body(Map.of("enabled", false))
                .put("/api/v1/users/" + id).then().statusCode(200);
        onBehalf(Map.of("user_id", id)).then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin()).delete("/api/v1/users/" + id).then().statusCode(204);
        onBehalf(Map.of("user_id", id)).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void onlyServicesAskAndTheBodyIsChecked() {
        String id = createUser(uniqueName("walt"), "viewer");
        given().contentType("application/json").body(Map.of("user_id", id)).post("/internal/tokens/on-behalf")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin()).contentType("application/json").body(Map.of("user_id", id))
                .post("/internal/tokens/on-behalf").then().statusCode(403).contentType("application/problem+json");
        onBehalf(Map.of()).then().statusCode(400).contentType("application/problem+json");
        onBehalf(Map.of("user_id", "not-a-uuid")).then().statusCode(400).contentType("application/problem+json");
    }

    private static Response onBehalf(Map<String, ?> body) {
        return given().auth().oauth2(TestTokens.service()).contentType("application/json").body(body)
                .post("/internal/tokens/on-behalf");
    }

    private static String createKey(String token, List<String> servers) {
        Map<String, Object> body = servers == null ? Map.of("name", "task key")
                : Map.of("name", "task key", "servers", servers);
        return given().auth().oauth2(token).contentType("application/json").body(body)
                .post("/api/v1/auth/api-keys").then().statusCode(201).extract().path("id");
    }
}
