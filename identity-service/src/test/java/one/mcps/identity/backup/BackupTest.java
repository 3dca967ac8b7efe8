package one.mcps.identity.backup;

import static io.restassured.RestAssured.given;
import static one.mcps.identity.IdentityApi.PASSWORD;
import static one.mcps.identity.IdentityApi.accessToken;
import static one.mcps.identity.IdentityApi.createUser;
import static one.mcps.identity.IdentityApi.login;
import static one.mcps.identity.IdentityApi.uniqueName;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class BackupTest {

    @Test
    void aDeletedUserAndTheirKeyComeBackFromAnExport() {
        String name = uniqueName("tess");
        String id = createUser(name, "operator");
        String key = given().auth().oauth2(accessToken(name, PASSWORD)).contentType("application/json")
                .body(Map.of("name", "backup")).post("/api/v1/auth/api-keys").then().statusCode(201)
                .extract().path("key");

        String export = given().auth().oauth2(TestTokens.service()).get("/internal/export").then().statusCode(200)
                .body("service", equalTo("identity-service"))
                .body("users.find { it.id == '" + id + "' }.password_hash", org.hamcrest.Matchers.startsWith("$2"))
                .body("api_keys.size()", greaterThanOrEqualTo(1))
                .extract().asString();

        given().auth().oauth2(TestTokens.admin()).delete("/api/v1/users/" + id).then().statusCode(204);
        login(name, PASSWORD).then().statusCode(401);

        given().auth().oauth2(TestTokens.service()).contentType("application/json").body(export)
                .post("/internal/import").then().statusCode(200).body("service", equalTo("identity-service"));
        given().auth().oauth2(accessToken(name, PASSWORD)).get("/api/v1/auth/me").then().statusCode(200)
                .body("id", equalTo(id));
        given().auth().oauth2(key).get("/api/v1/auth/me").then().statusCode(401);
    }

    @Test
    void onlyServicesMayExport() {
        given().auth().oauth2(TestTokens.admin()).get("/internal/export").then().statusCode(403);
        given().get("/internal/export").then().statusCode(401);
    }
}
