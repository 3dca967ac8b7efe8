package one.mcps.e2e;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;

/** The platform's REST API as a user reaches it: only through the gateway's public port. */
final class Api {

    private final String gatewayUrl;

    Api(String gatewayUrl) {
        this.gatewayUrl = gatewayUrl;
    }

    RequestSpecification as(String bearer) {
        return anonymous().header("Authorization", "Bearer " + bearer);
    }

    RequestSpecification anonymous() {
        return given().baseUri(gatewayUrl).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    String login(String username, String password) {
        Response r = anonymous().body(Map.of("username", username, "password", password))
                .post("/api/v1/auth/login");
        expect(r, 200, "POST /api/v1/auth/login as " + username);
        return r.jsonPath().getString("access_token");
    }

    String createUser(String adminToken, String username, String password, String role) {
        Response r = as(adminToken).body(Map.of("username", username, "email", username + "@e2e.mcps.local",
                "password", password, "roles", List.of(role))).post("/api/v1/users");
        expect(r, 201, "POST /api/v1/users (" + role + " " + username + ")");
        return r.jsonPath().getString("id");
    }

    /** Creates an API key of the caller; {@code servers} null means every server the caller may use. */
    Response createApiKey(String token, String name, List<String> servers) {
        Map<String, Object> body = servers == null ? Map.of("name", name) : Map.of("name", name, "servers", servers);
        Response r = as(token).body(body).post("/api/v1/auth/api-keys");
        expect(r, 201, "POST /api/v1/auth/api-keys (" + name + ")");
        return r;
    }

    /** Fails with the request, what was expected and what came back. */
    static Response expect(Response r, int status, String request) {
        if (r.statusCode() != status) {
            throw new AssertionError(request + ": expected HTTP " + status + ", got " + r.statusCode() + " "
                    + r.getContentType() + "\n" + r.asString());
        }
        return r;
    }
}
