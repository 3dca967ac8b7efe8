package one.mcps.tools.support;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import one.mcps.testing.LocalStack;
import one.mcps.testing.TestTokens;

/** Registers, starts and watches tools through the API, as an admin would. */
public final class Tools {

    private Tools() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The project-local install of an npm MCP server's command. */
    public static String npmBin(String bin) {
        return LocalStack.home().resolve("deploy/npm/node_modules/.bin").resolve(bin).toString();
    }

    public static Map<String, Object> everything(String name) {
        return Map.of("name", name, "transport", "stdio", "command", npmBin("mcp-server-everything"), "args",
                List.of("stdio"), "restart_delay_ms", 200, "startup_timeout_ms", 20000);
    }

    public static String create(Map<String, Object> definition) {
        return given().auth().oauth2(TestTokens.admin()).contentType(ContentType.JSON).body(definition)
                .post("/api/v1/tools").then().statusCode(201).extract().path("id");
    }

    public static void start(String tool) {
        given().auth().oauth2(TestTokens.admin()).post("/api/v1/tools/" + tool + "/start").then().statusCode(202);
    }

    public static void stop(String tool) {
        given().auth().oauth2(TestTokens.admin()).post("/api/v1/tools/" + tool + "/stop").then().statusCode(202);
    }

    public static void delete(String tool) {
        given().auth().oauth2(TestTokens.admin()).delete("/api/v1/tools/" + tool).then().statusCode(204);
    }

    public static JsonPath status(String tool) {
        return given().auth().oauth2(TestTokens.admin()).get("/api/v1/tools/" + tool + "/status").then()
                .statusCode(200).extract().jsonPath();
    }

    /** Waits until the tool is in {@code state}, and returns that status. */
    public static JsonPath awaitState(String tool, String state) {
        JsonPath[] last = new JsonPath[1];
        try {
            Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100)).until(() -> {
                last[0] = status(tool);
                return state.equals(last[0].getString("state"));
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("Tool " + tool + " is not " + state + ": "
                    + (last[0] == null ? "no status" : last[0].prettify()), e);
        }
        return last[0];
    }
}
