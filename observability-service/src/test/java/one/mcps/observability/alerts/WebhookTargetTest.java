package one.mcps.observability.alerts;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import one.mcps.observability.StandInServices;
import one.mcps.observability.TestEvents;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

/**
 * Alert webhooks never reach an internal address nobody allow-listed (issue 15, item 11): refused when a rule is
 * saved and again before each delivery; admins allow-list targets with the runtime setting
 * {@code outbound_allowed_targets}. The test profile allows 127.0.0.1 and localhost statically (the stand-ins).
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = StandInServices.class, restrictToAnnotatedClass = false)
class WebhookTargetTest {

    private static final String REFUSED = "https://mcps.one/problems/outbound-target-refused";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static ValidatableResponse createRule(String name, String webhook) {
        return given().auth().oauth2(TestTokens.forUser("otto", "operator")).contentType("application/json")
                .body("{\"name\":\"" + name + "\",\"metric\":\"host_disk_percent\",\"threshold\":99.9,"
                        + "\"webhook_url\":\"" + webhook + "\"}")
                .post("/api/v1/monitoring/alerts").then();
    }

    private static ValidatableResponse putSetting(String token, String json) {
        return given().auth().oauth2(token).contentType("application/json")
                .body("{\"outbound_allowed_targets\":" + json + "}").put("/api/v1/system/config").then();
    }

    @Test
    void internalWebhooksAreRefusedWhenARuleIsSaved() {
        for (String webhook : List.of("http://169.254.169.254/latest/meta-data/", "http://10.1.2.3/hook",
                "http://192.168.1.1:8080/x", "http://[::1]:8084/api/v1/system/config", "http://127.0.0.2:8081/",
                "http://0.0.0.0:8082/")) {
            createRule(TestEvents.unique("ssrf"), webhook).statusCode(422)
                    .contentType("application/problem+json")
                    .body("type", equalTo(REFUSED))
                    .body("detail", containsString("outbound_allowed_targets"));
        }
        String id = createRule(TestEvents.unique("fine"), StandInServices.webhookUrl()).statusCode(201)
                .extract().path("id");
        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body("{\"name\":\"" + TestEvents.unique("moved") + "\",\"metric\":\"host_disk_percent\","
                        + "\"threshold\":99.9,\"webhook_url\":\"http://169.254.169.254/latest/\"}")
                .put("/api/v1/monitoring/alerts/" + id).then().statusCode(422).body("type", equalTo(REFUSED));
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/monitoring/alerts/" + id).then().statusCode(200)
                .body("webhook_url", equalTo(StandInServices.webhookUrl()));
        given().auth().oauth2(TestTokens.admin()).delete("/api/v1/monitoring/alerts/" + id).then().statusCode(204);
    }

    @Test
    void theAllowListIsAnAdminSettingOfHostsIpsAndCidrs() {
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/system/config").then().statusCode(200)
                .body("outbound_allowed_targets", equalTo(List.of()));
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/system/config/definitions").then().statusCode(200)
                .body("find { it.key == 'outbound_allowed_targets' }.type", equalTo("HOST_LIST"));
        putSetting(TestTokens.forUser("otto", "operator"), "[\"10.0.0.0/8\"]").statusCode(403);
        putSetting(TestTokens.admin(), "\"10.0.0.0/8\"").statusCode(422)
                .body("errors.field", hasItem("outbound_allowed_targets"));
        for (String bad : List.of("[\"http://10.0.0.1/\"]", "[\"10.0.0.0/33\"]", "[\"not a host\"]", "[42]",
                "[\"999.1.1.1\"]", "[\"fe80::/129\"]")) {
            putSetting(TestTokens.admin(), bad).statusCode(422)
                    .body("errors.field", hasItem("outbound_allowed_targets"));
        }
        try {
            putSetting(TestTokens.admin(), "[\"hooks.internal\",\"10.0.0.0/8\",\"192.168.1.20\",\"fd00::/8\","
                    + "\"::1\"]").statusCode(200)
                    .body("outbound_allowed_targets", hasItem("10.0.0.0/8"));
        } finally {
            putSetting(TestTokens.admin(), "[]").statusCode(200);
        }
    }

    @Test
    void deliveriesFollowTheAllowListAsItChanges() throws IOException {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        receiver.createContext("/", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        String webhook = "http://127.0.0.2:" + receiver.getAddress().getPort() + "/hook";
        String tool = TestEvents.unique("flappy");
        try {
            createRule(TestEvents.unique("before"), webhook).statusCode(422);
            putSetting(TestTokens.admin(), "[\"127.0.0.2\"]").statusCode(200);
            // The setting reaches every service (this one included) over mcps.system.config.
            String body = "{\"name\":\"" + TestEvents.unique("allowed") + "\",\"metric\":\"tool_failed\","
                    + "\"threshold\":0,\"tool\":\"" + tool + "\",\"webhook_url\":\"" + webhook + "\"}";
            String ruleId = Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(
                    () -> given().auth().oauth2(TestTokens.admin()).contentType("application/json").body(body)
                            .post("/api/v1/monitoring/alerts").then().extract(),
                    response -> response.statusCode() == 201).path("id");

            TestEvents.toolStatus(tool, "failed", "running");
            Awaitility.await().atMost(WAIT).until(() -> received.stream()
                    .anyMatch(b -> b.contains(ruleId) && b.contains("\"state\":\"firing\"")));

            // The admin takes the target off the list: the stored rule's next delivery is not sent.
            putSetting(TestTokens.admin(), "[]").statusCode(200);
            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
                    .until(() -> createRule(TestEvents.unique("after"), webhook).extract().statusCode() == 422);
            TestEvents.toolStatus(tool, "running", "failed");
            Awaitility.await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(TestTokens.admin())
                    .queryParam("source", "alerts").queryParam("tool", tool).get("/api/v1/logs/system").then()
                    .statusCode(200).body("items.attributes.state", hasItem("resolved")));
            Awaitility.await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
            assertEquals(List.of(), received.stream().filter(b -> b.contains("\"state\":\"resolved\"")).toList());
            given().auth().oauth2(TestTokens.admin()).get("/api/v1/monitoring/alerts").then()
                    .body("firing.rule_id", not(hasItem(ruleId)));
        } finally {
            receiver.stop(0);
            putSetting(TestTokens.admin(), "[]");
        }
    }
}
