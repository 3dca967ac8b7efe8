package one.mcps.identity;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import one.mcps.testing.TestTokens;

/** Small steps the identity tests share: creating users through the API and logging them in. */
public final class IdentityApi {

    public static final String ADMIN_PASSWORD = "test-admin-password";
    public static final String PASSWORD = "correct horse battery";

    private IdentityApi() {
    }

    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a user as the bootstrap admin; answers its id. */
    public static String createUser(String username, String... roles) {
        return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("username", username, "email", username + "@example.com", "password", PASSWORD,
                        "roles", List.of(roles)))
                .post("/api/v1/users").then().statusCode(201).extract().path("id");
    }

    /**
     * Logs in from an address of its own (the test client is a trusted proxy in %test), so the failures of one test
     * never count against another's logins through the per-address throttle.
     */
    public static Response login(String username, String password) {
        return login(username, password, randomAddress());
    }

    /** Logs in as a client at {@code address}, forwarded by the test client (a trusted proxy in %test). */
    public static Response login(String username, String password, String address) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", address)
                .body(Map.of("username", username, "password", password)).post("/api/v1/auth/login");
    }

    /** An address of the benchmarking block 198.18.0.0/15, never a real client. */
    public static String randomAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "198." + (18 + random.nextInt(2)) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    public static String accessToken(String username, String password) {
        return login(username, password).then().statusCode(200).extract().path("access_token");
    }
}
