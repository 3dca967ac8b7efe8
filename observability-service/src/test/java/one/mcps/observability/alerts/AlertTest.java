package one.mcps.observability.alerts;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import one.mcps.observability.StandInServices;
import one.mcps.observability.TestEvents;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = StandInServices.class, restrictToAnnotatedClass = false)
class AlertTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static List<String> hooks(String ruleId, String state) {
        return StandInServices.WEBHOOKS.stream()
                .filter(b -> b.contains(ruleId) && b.contains("\"state\":\"" + state + "\"")).toList();
    }

    @Test
    void aFailedToolFiresOnceAndResolvesOnceWithLogEntriesAndWebhooks() {
        String tool = TestEvents.unique("crashy");
        String name = TestEvents.unique("tool down");
        String ruleId = given().auth().oauth2(TestTokens.forUser("otto", "operator")).contentType("application/json")
                .body("{\"name\":\"" + name + "\",\"metric\":\"tool_failed\",\"comparison\":\"gt\",\"threshold\":0,"
                        + "\"severity\":\"critical\",\"tool\":\"" + tool + "\",\"webhook_url\":\""
                        + StandInServices.webhookUrl() + "\"}")
                .post("/api/v1/monitoring/alerts").then().statusCode(201)
                .body("window_s", equalTo(60)).body("enabled", equalTo(true)).extract().path("id");

        TestEvents.toolStatus(tool, "failed", "running");
        Awaitility.await().atMost(WAIT).until(() -> hooks(ruleId, "firing").size() == 1);
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/monitoring/alerts").then().statusCode(200)
                .body("firing.findAll { it.rule_id == '" + ruleId + "' }.subject", hasItem(tool));

        TestEvents.toolStatus(tool, "running", "failed");
        Awaitility.await().atMost(WAIT).until(() -> hooks(ruleId, "resolved").size() == 1);
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/monitoring/alerts").then()
                .body("firing.rule_id", not(hasItem(ruleId)));

        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(TestTokens.admin())
                .queryParam("source", "alerts").queryParam("tool", tool).queryParam("size", 100)
                .get("/api/v1/logs/system").then().statusCode(200)
                .body("items.findAll { it.attributes.rule_id == '" + ruleId + "' }", hasSize(2))
                .body("items.find { it.attributes.rule_id == '" + ruleId + "' && it.attributes.state == 'firing' }"
                        + ".level", equalTo("ERROR"))
                .body("items.message", hasItem(containsString("Alert " + name + " for " + tool + " resolved"))));
        assertEquals(1, hooks(ruleId, "firing").size());
        assertEquals(1, hooks(ruleId, "resolved").size());
    }

    @Test
    void rulesAreValidatedAndBuiltInsStay() {
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/monitoring/alerts").then().statusCode(200)
                .body("rules.findAll { it.builtin }.metric", hasItem("host_cpu_percent"))
                .body("rules.findAll { it.builtin }.metric", hasItem("tool_failed"))
                .body("rules.findAll { it.builtin }.metric", hasItem("tool_error_rate_percent"));
        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body("{\"name\":\"x\",\"metric\":\"moon_phase\",\"threshold\":1,\"comparison\":\"about\"}")
                .post("/api/v1/monitoring/alerts").then().statusCode(400)
                .body("errors.field", hasItem("metric")).body("errors.field", hasItem("comparison"));
        given().auth().oauth2(TestTokens.forUser("vera", "viewer")).contentType("application/json")
                .body("{\"name\":\"x\",\"metric\":\"host_cpu_percent\",\"threshold\":1}")
                .post("/api/v1/monitoring/alerts").then().statusCode(403);
        String name = TestEvents.unique("dup");
        String body = "{\"name\":\"" + name + "\",\"metric\":\"host_disk_percent\",\"threshold\":99.5}";
        String id = given().auth().oauth2(TestTokens.admin()).contentType("application/json").body(body)
                .post("/api/v1/monitoring/alerts").then().statusCode(201).extract().path("id");
        given().auth().oauth2(TestTokens.admin()).contentType("application/json").body(body)
                .post("/api/v1/monitoring/alerts").then().statusCode(409);
        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body("{\"name\":\"" + name + "\",\"metric\":\"host_disk_percent\",\"threshold\":98,\"enabled\":false}")
                .put("/api/v1/monitoring/alerts/" + id).then().statusCode(200)
                .body("threshold", equalTo(98.0f)).body("enabled", equalTo(false));
        given().auth().oauth2(TestTokens.admin()).delete("/api/v1/monitoring/alerts/" + id).then().statusCode(204);
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/monitoring/alerts/" + id).then().statusCode(404);
        given().auth().oauth2(TestTokens.admin())
                .delete("/api/v1/monitoring/alerts/00000000-0000-0000-0000-00000000a001").then().statusCode(409);
    }
}
