package one.mcps.identity.apikeys;

import static io.restassured.RestAssured.given;
import static one.mcps.identity.IdentityApi.PASSWORD;
import static one.mcps.identity.IdentityApi.accessToken;
import static one.mcps.identity.IdentityApi.createUser;
import static one.mcps.identity.IdentityApi.uniqueName;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import one.mcps.identity.IdentityApi;
import one.mcps.platform.events.Topics;
import one.mcps.testing.KafkaProbe;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class ApiKeyTest {

    @Test
    void aKeyIsShownOnceAndWorksAsABearerTokenWithTheOwnersRoles() {
        String name = uniqueName("nora");
        String userId = createUser(name, "operator");
        String token = accessToken(name, PASSWORD);
        JsonPath created = given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("name", "laptop")).post("/api/v1/auth/api-keys").then().statusCode(201)
                .body("key", startsWith("mcps_")).body("user_id", equalTo(userId))
                .extract().jsonPath();
        String key = created.getString("key");

        given().auth().oauth2(key).get("/api/v1/auth/me").then().statusCode(200)
                .body("id", equalTo(userId))
                .body("username", equalTo(name))
                .body("roles", contains("operator"))
                .body("api_key_id", equalTo(created.getString("id")))
                .body("servers", equalTo(null));

        given().auth().oauth2(token).get("/api/v1/auth/api-keys").then().statusCode(200)
                .body("id", hasItem(created.getString("id")))
                .body("key", not(hasItem(key)));
    }

    @Test
    void aScopedKeyCarriesItsServers() {
        String name = uniqueName("omar");
        createUser(name, "viewer");
        String key = given().auth().oauth2(accessToken(name, PASSWORD)).contentType("application/json")
                .body(Map.of("name", "cursor", "servers", List.of("fs"), "expires_at",
                        Instant.now().plus(Duration.ofDays(1)).toString()))
                .post("/api/v1/auth/api-keys").then().statusCode(201).body("servers", contains("fs"))
                .extract().path("key");
        given().auth().oauth2(key).get("/api/v1/auth/me").then().statusCode(200)
                .body("servers", contains("fs")).body("roles", contains("viewer"));
    }

    @Test
    void anAdminsKeyScopedToOneServerIsNoBroaderThanItself() {
        String admin = accessToken("admin", IdentityApi.ADMIN_PASSWORD);
        JsonPath created = given().auth().oauth2(admin).contentType("application/json")
                .body(Map.of("name", "fs only", "servers", List.of("fs"))).post("/api/v1/auth/api-keys").then()
                .statusCode(201).extract().jsonPath();
        String scoped = created.getString("key");
        String adminId = given().auth().oauth2(admin).get("/api/v1/auth/me").then().extract().path("id");

        // It may say who it is...
        given().auth().oauth2(scoped).get("/api/v1/auth/me").then().statusCode(200)
                .body("servers", contains("fs")).body("roles", hasItem("admin"));
        // ...but never mint a key, broader or not, nor reach the account's or the admin's business.
        for (Map<String, Object> body : List.<Map<String, Object>> of(Map.of("name", "unscoped"),
                Map.of("name", "other", "servers", List.of("db")), Map.of("name", "same", "servers", List.of("fs")))) {
            given().auth().oauth2(scoped).contentType("application/json").body(body).post("/api/v1/auth/api-keys")
                    .then().statusCode(403).contentType("application/problem+json");
        }
        given().auth().oauth2(scoped).queryParam("all", true).get("/api/v1/auth/api-keys").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(scoped).get("/api/v1/auth/api-keys").then().statusCode(403);
        given().auth().oauth2(scoped).delete("/api/v1/auth/api-keys/" + created.getString("id")).then()
                .statusCode(403);
        given().auth().oauth2(scoped).get("/api/v1/users").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(scoped).post("/api/v1/users/" + adminId + "/unlock").then().statusCode(403);
        given().auth().oauth2(scoped).contentType("application/json")
                .body(Map.of("current_password", IdentityApi.ADMIN_PASSWORD, "new_password", "something else"))
                .put("/api/v1/auth/me/password").then().statusCode(403);

        // The key itself still is what it was, and the admin's login session still manages it.
        given().auth().oauth2(admin).queryParam("all", true).get("/api/v1/auth/api-keys").then().statusCode(200)
                .body("id", hasItem(created.getString("id")));
        given().auth().oauth2(admin).delete("/api/v1/auth/api-keys/" + created.getString("id")).then()
                .statusCode(204);
    }

    @Test
    void aRevokedKeyIsRefusedAndTheRevocationAnnounced() {
        String name = uniqueName("pete");
        createUser(name, "viewer");
        String token = accessToken(name, PASSWORD);
        JsonPath created = given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("name", "to revoke")).post("/api/v1/auth/api-keys").then().statusCode(201)
                .extract().jsonPath();
        String key = created.getString("key");
        String id = created.getString("id");
        given().auth().oauth2(key).get("/api/v1/auth/me").then().statusCode(200);

        try (KafkaProbe revocations = KafkaProbe.watch(Topics.REVOCATIONS)) {
            given().auth().oauth2(token).delete("/api/v1/auth/api-keys/" + id).then().statusCode(204);
            given().auth().oauth2(key).get("/api/v1/auth/me").then().statusCode(401)
                    .header("WWW-Authenticate", startsWith("Bearer"))
                    .contentType("application/problem+json");
            JsonPath event = JsonPath.from(revocations.await(r -> id.equals(r.key()), Duration.ofSeconds(15)).value());
            assertEquals("api_key", event.getString("kind"));
        }
    }

    @Test
    void unknownAndMalformedKeysAre401() {
        given().auth().oauth2("mcps_00000000-0000-0000-0000-000000000000_nope").get("/api/v1/auth/me").then()
                .statusCode(401).contentType("application/problem+json");
        given().auth().oauth2("mcps_garbage").get("/api/v1/auth/me").then().statusCode(401);
    }

    @Test
    void anotherUsersKeyCannotBeRevokedButAnAdminCan() {
        String owner = uniqueName("quinn");
        createUser(owner, "viewer");
        String id = given().auth().oauth2(accessToken(owner, PASSWORD)).contentType("application/json")
                .body(Map.of("name", "mine")).post("/api/v1/auth/api-keys").then().statusCode(201).extract().path("id");
        String other = uniqueName("rita");
        createUser(other, "viewer");
        given().auth().oauth2(accessToken(other, PASSWORD)).delete("/api/v1/auth/api-keys/" + id).then()
                .statusCode(404);
        given().auth().oauth2(TestTokens.admin()).queryParam("all", true).get("/api/v1/auth/api-keys").then()
                .statusCode(200).body("id", hasItem(id));
        given().auth().oauth2(TestTokens.admin()).delete("/api/v1/auth/api-keys/" + id).then().statusCode(204);
    }

    @Test
    void servicesVerifyKeysOverTheInternalEndpoint() {
        String name = uniqueName("sam");
        String userId = createUser(name, "operator");
        String key = given().auth().oauth2(accessToken(name, PASSWORD)).contentType("application/json")
                .body(Map.of("name", "svc", "servers", List.of("memory"))).post("/api/v1/auth/api-keys").then()
                .statusCode(201).extract().path("key");
        given().auth().oauth2(TestTokens.service()).contentType("application/json").body(Map.of("key", key))
                .post("/internal/api-keys/verify").then().statusCode(200)
                .body("user_id", equalTo(userId)).body("username", equalTo(name))
                .body("roles", contains("operator")).body("servers", contains("memory"));
        given().auth().oauth2(TestTokens.service()).contentType("application/json")
                .body(Map.of("key", key + "x")).post("/internal/api-keys/verify").then().statusCode(404);
        given().auth().oauth2(TestTokens.admin()).contentType("application/json").body(Map.of("key", key))
                .post("/internal/api-keys/verify").then().statusCode(403);
    }
}
