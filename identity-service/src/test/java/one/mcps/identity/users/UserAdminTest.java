package one.mcps.identity.users;

import static io.restassured.RestAssured.given;
import static one.mcps.identity.IdentityApi.ADMIN_PASSWORD;
import static one.mcps.identity.IdentityApi.PASSWORD;
import static one.mcps.identity.IdentityApi.accessToken;
import static one.mcps.identity.IdentityApi.createUser;
import static one.mcps.identity.IdentityApi.login;
import static one.mcps.identity.IdentityApi.uniqueName;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import one.mcps.platform.events.Topics;
import one.mcps.testing.KafkaProbe;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class UserAdminTest {

    @Test
    void adminCreatesReadsUpdatesAndDeletesAUser() {
        String admin = accessToken("admin", ADMIN_PASSWORD);
        String name = uniqueName("hank");
        String id = given().auth().oauth2(admin).contentType("application/json")
                .body(Map.of("username", name, "email", name + "@example.com", "password", PASSWORD, "roles",
                        List.of("viewer")))
                .post("/api/v1/users").then().statusCode(201)
                .header("Location", notNullValue())
                .body("username", equalTo(name))
                .body("roles", contains("viewer"))
                .body("password_hash", equalTo(null))
                .extract().path("id");

        given().auth().oauth2(admin).get("/api/v1/users/" + id).then().statusCode(200)
                .body("email", equalTo(name + "@example.com")).body("enabled", equalTo(true));
        given().auth().oauth2(admin).queryParam("search", name).get("/api/v1/users").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo(id));
        given().auth().oauth2(admin).queryParam("role", "viewer").queryParam("size", 5).get("/api/v1/users").then()
                .statusCode(200).body("items.roles", everyItem(hasItem("viewer")))
                .body("total", greaterThanOrEqualTo(1)).body("size", equalTo(5));

        given().auth().oauth2(admin).contentType("application/json")
                .body(Map.of("roles", List.of("operator", "viewer"), "email", "new-" + name + "@example.com"))
                .put("/api/v1/users/" + id).then().statusCode(200)
                .body("roles", containsInAnyOrder("operator", "viewer"))
                .body("email", equalTo("new-" + name + "@example.com"));

        given().auth().oauth2(admin).delete("/api/v1/users/" + id).then().statusCode(204);
        given().auth().oauth2(admin).get("/api/v1/users/" + id).then().statusCode(404)
                .contentType("application/problem+json");
        login(name, PASSWORD).then().statusCode(401);
    }

    @Test
    void duplicateUsernameIs409() {
        String name = uniqueName("ivan");
        createUser(name, "viewer");
        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body(Map.of("username", name.toUpperCase(), "email", "other-" + name + "@example.com", "password",
                        PASSWORD, "roles", List.of("viewer")))
                .post("/api/v1/users").then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("username"));
    }

    @Test
    void badFieldsAreListedOneByOne() {
        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body(Map.of("username", "x", "email", "not-an-email", "password", PASSWORD, "roles",
                        List.of("viewer")))
                .post("/api/v1/users").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://mcps.one/problems/validation"))
                .body("errors.field", containsInAnyOrder("email", "username"));
        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body(Map.of("username", uniqueName("judy"), "email", "judy@example.com", "password", PASSWORD,
                        "roles", List.of("viewer", "superuser")))
                .post("/api/v1/users").then().statusCode(400).body("errors[0].field", equalTo("roles[1]"));
    }

    @Test
    void onlyAdminsManageUsers() {
        given().contentType("application/json").body(Map.of()).post("/api/v1/users").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"));
        String viewer = accessToken(createUserAndName("viewer"), PASSWORD);
        given().auth().oauth2(viewer).contentType("application/json")
                .body(Map.of("username", uniqueName("kim"), "email", "kim@example.com", "password", PASSWORD,
                        "roles", List.of("viewer")))
                .post("/api/v1/users").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(accessToken(createUserAndName("operator"), PASSWORD)).get("/api/v1/users").then()
                .statusCode(403);
    }

    @Test
    void disablingAUserEndsTheirSessions() {
        String name = uniqueName("liam");
        String id = createUser(name, "operator");
        String token = accessToken(name, PASSWORD);
        given().auth().oauth2(token).get("/api/v1/auth/me").then().statusCode(200);
        given().auth().oauth2(TestTokens.admin()).contentType("application/json").body(Map.of("enabled", false))
                .put("/api/v1/users/" + id).then().statusCode(200).body("enabled", equalTo(false));
        given().auth().oauth2(token).get("/api/v1/auth/me").then().statusCode(401);
        login(name, PASSWORD).then().statusCode(401);
    }

    @Test
    void demotingAnAdminEndsTheirOldAdminTokensEverywhere() throws Exception {
        String name = uniqueName("olaf");
        String id = createUser(name, "admin");
        String adminToken = accessToken(name, PASSWORD);
        given().auth().oauth2(adminToken).get("/api/v1/users").then().statusCode(200);

        try (KafkaProbe revocations = KafkaProbe.watch(Topics.REVOCATIONS)) {
            given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                    .body(Map.of("roles", List.of("viewer"))).put("/api/v1/users/" + id).then().statusCode(200);
            // Applied here at once, and announced for every other service.
            given().auth().oauth2(adminToken).get("/api/v1/users").then().statusCode(401)
                    .contentType("application/problem+json");
            given().auth().oauth2(adminToken).get("/api/v1/auth/me").then().statusCode(401);
            JsonPath event = JsonPath.from(revocations.await(r -> id.equals(r.key()), Duration.ofSeconds(15))
                    .value());
            assertEquals("user", event.getString("kind"));
        }
        String viewerToken = accessToken(name, PASSWORD);
        given().auth().oauth2(viewerToken).get("/api/v1/auth/me").then().statusCode(200)
                .body("roles", contains("viewer"));
        given().auth().oauth2(viewerToken).get("/api/v1/users").then().statusCode(403);

        // An update that leaves the roles as they are (here: the same roles again, and an email) revokes nothing.
        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body(Map.of("roles", List.of("viewer"), "email", "other-" + name + "@example.com"))
                .put("/api/v1/users/" + id).then().statusCode(200);
        given().auth().oauth2(viewerToken).get("/api/v1/auth/me").then().statusCode(200);
    }

    @Test
    void resetPasswordGeneratesOneOnceOrSetsTheGivenOne() {
        String name = uniqueName("mona");
        String id = createUser(name, "viewer");
        String generated = given().auth().oauth2(TestTokens.admin()).contentType("application/json").body("{}")
                .post("/api/v1/users/" + id + "/reset-password").then().statusCode(200)
                .body("user_id", equalTo(id)).extract().path("generated_password");
        login(name, PASSWORD).then().statusCode(401);
        login(name, generated).then().statusCode(200);

        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body(Map.of("password", "chosen by the admin"))
                .post("/api/v1/users/" + id + "/reset-password").then().statusCode(200)
                .body("generated_password", equalTo(null));
        login(name, "chosen by the admin").then().statusCode(200);
    }

    @Test
    void theLastAdminCannotBeDemotedOrDeleted() {
        String admin = accessToken("admin", ADMIN_PASSWORD);
        // Admins left behind by earlier runs would make "admin" not the last one: demote them first.
        List<Map<String, Object>> admins = given().auth().oauth2(admin).queryParam("role", "admin")
                .queryParam("size", 200).get("/api/v1/users").then().statusCode(200).extract().path("items");
        for (Map<String, Object> other : admins) {
            if (!"admin".equals(other.get("username"))) {
                given().auth().oauth2(admin).contentType("application/json").body(Map.of("roles", List.of("viewer")))
                        .put("/api/v1/users/" + other.get("id")).then().statusCode(200);
            }
        }
        String adminId = given().auth().oauth2(admin).get("/api/v1/auth/me").then().extract().path("id");
        given().auth().oauth2(admin).contentType("application/json").body(Map.of("roles", List.of("operator")))
                .put("/api/v1/users/" + adminId).then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(admin).delete("/api/v1/users/" + adminId).then().statusCode(409);
        given().auth().oauth2(admin).contentType("application/json").body(Map.of("enabled", false))
                .put("/api/v1/users/" + adminId).then().statusCode(409);

        // With a second admin, either may go.
        String second = createUser(uniqueName("root"), "admin");
        given().auth().oauth2(admin).delete("/api/v1/users/" + second).then().statusCode(204);
    }

    private static String createUserAndName(String role) {
        String name = uniqueName(role);
        createUser(name, role);
        return name;
    }
}
