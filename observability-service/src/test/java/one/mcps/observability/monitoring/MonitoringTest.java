package one.mcps.observability.monitoring;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

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
class MonitoringTest {

    @Test
    void callRatesErrorRatesAndPercentilesPerToolComeFromMcpCalls() {
        String server = TestEvents.unique("calc");
        String session = TestEvents.unique("s");
        for (int ms = 10; ms <= 50; ms += 10) {
            TestEvents.mcpCall(server, session, "error", ms);
        }
        TestEvents.mcpCall(server, session, "ok", 1000);
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth()
                .oauth2(TestTokens.forUser("vera", "viewer")).get("/api/v1/monitoring/metrics").then()
                .statusCode(200)
                .body("calls_by_tool.'" + server + "'.'15m'.calls", equalTo(6))
                .body("calls_by_tool.'" + server + "'.'15m'.errors", equalTo(5))
                .body("calls_by_tool.'" + server + "'.'5m'.error_rate_percent", equalTo(83.333f))
                .body("calls_by_tool.'" + server + "'.'15m'.p50_ms", equalTo(35.0f))
                .body("calls_by_tool.'" + server + "'.'15m'.p99_ms", equalTo(952.5f))
                .body("calls_by_tool.'" + server + "'.'15m'.calls_per_second", equalTo(0.007f))
                .body("calls.'1m'.calls", notNullValue())
                .body("sessions.active", notNullValue())
                .body("host.memory_percent", notNullValue()));
    }

    @Test
    void overallCountsIncludeEveryToolAndCallsWithoutOne() {
        String server = TestEvents.unique("sum");
        String session = TestEvents.unique("s");
        for (int i = 0; i < 3; i++) {
            TestEvents.mcpCall(server, session, "ok", 5);
        }
        TestEvents.mcpCallWithoutServer(session, "denied");
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var metrics = given().auth().oauth2(TestTokens.admin()).get("/api/v1/monitoring/metrics").then()
                    .statusCode(200)
                    .body("calls_by_tool.'" + server + "'.'15m'.calls", equalTo(3))
                    .extract().jsonPath();
            long oneMinute = metrics.getLong("calls.'1m'.calls");
            long fifteenMinutes = metrics.getLong("calls.'15m'.calls");
            assertTrue(oneMinute >= 4, "the last minute's overall count has this test's 4 calls: " + oneMinute);
            assertTrue(fifteenMinutes >= oneMinute, "a longer window never counts fewer calls");
        });
    }

    @Test
    void dashboardHasWhatTheFrontPageNeeds() {
        String tool = TestEvents.unique("dash");
        TestEvents.toolStatus(tool, "failed", "running");
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth()
                .oauth2(TestTokens.admin()).get("/api/v1/monitoring/dashboard").then().statusCode(200)
                .body("services.identity", equalTo("UP"))
                .body("tools.states.tool", hasItem(tool))
                .body("recent_errors.tool", hasItem(tool))
                .body("firing_alerts.subject", hasItem(tool))
                .body("top_tools_by_calls", notNullValue()));
        TestEvents.toolStatus(tool, "stopped", "failed");
    }
}
