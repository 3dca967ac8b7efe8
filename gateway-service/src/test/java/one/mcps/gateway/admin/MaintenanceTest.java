package one.mcps.gateway.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import one.mcps.gateway.FakeUpstreams;
import one.mcps.platform.events.EventTypes;
import one.mcps.platform.events.Topics;
import one.mcps.testing.KafkaProbe;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = FakeUpstreams.class, restrictToAnnotatedClass = false)
class MaintenanceTest {

    private final String admin = TestTokens.forUser("maint-admin", "admin");
    private final String viewer = TestTokens.forUser("maint-viewer", "viewer");

    @Test
    void maintenanceBlocksAViewerButNotAnAdmin() {
        try {
            given().auth().oauth2(admin).contentType("application/json")
                    .body("{\"reason\":\"upgrading PostgreSQL\",\"retry_after_s\":120}")
                    .post("/api/v1/proxy/stop").then()
                    .statusCode(200)
                    .body("active", equalTo(true))
                    .body("started_by", equalTo("maint-admin"));

            given().auth().oauth2(viewer).get("/api/v1/tools").then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "120")
                    .body("detail", equalTo("MCPS.ONE is under maintenance: upgrading PostgreSQL"));
            given().auth().oauth2(admin).get("/api/v1/tools").then().statusCode(200);
            // An admin's server-scoped credential is not an admin's: it waits like everyone else.
            given().auth().oauth2(FakeUpstreams.SCOPED_ADMIN_KEY).get("/mcp").then().statusCode(503);
            given().auth().oauth2(TestTokens.scoped("maint-admin", "k-maint", Set.of("fs"), "admin"))
                    .get("/api/v1/tools").then().statusCode(503);
            given().auth().oauth2(viewer).get("/api/v1/proxy/status").then().statusCode(200)
                    .body("status", equalTo("MAINTENANCE"))
                    .body("maintenance.reason", equalTo("upgrading PostgreSQL"));
        } finally {
            given().auth().oauth2(admin).post("/api/v1/proxy/start").then().statusCode(200)
                    .body("active", equalTo(false));
        }
        given().auth().oauth2(viewer).get("/api/v1/tools").then().statusCode(200);
    }

    @Test
    void theSystemSettingSwitchesMaintenanceForEveryInstance() {
        try {
            setMaintenanceSetting(true);
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> given().auth().oauth2(viewer).get("/api/v1/logs").then().statusCode(503)
                            .header("Retry-After", "300"));
            given().auth().oauth2(admin).get("/api/v1/logs").then().statusCode(200);
        } finally {
            setMaintenanceSetting(false);
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> given().auth().oauth2(viewer).get("/api/v1/logs").then().statusCode(200));
    }

    private static void setMaintenanceSetting(boolean on) {
        String event = "{\"setting_key\":\"" + FakeUpstreams.MAINTENANCE_SETTING + "\",\"value\":" + on
                + ",\"changed_by\":\"test\",\"at\":\"" + Instant.now() + "\"}";
        KafkaProbe.send(Topics.SYSTEM_CONFIG, FakeUpstreams.MAINTENANCE_SETTING, EventTypes.CONFIG_CHANGED, event);
    }

    @Test
    void onlyAdminsSwitchMaintenance() {
        given().auth().oauth2(viewer).contentType("application/json").body("{}").post("/api/v1/proxy/stop").then()
                .statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.forUser("maint-operator", "operator")).post("/api/v1/proxy/start").then()
                .statusCode(403);
        given().post("/api/v1/proxy/start").then().statusCode(401);
    }

    @Test
    void invalidMaintenanceRequestIsAValidationProblem() {
        given().auth().oauth2(admin).contentType("application/json").body("{\"retry_after_s\":0}")
                .post("/api/v1/proxy/stop").then()
                .statusCode(400)
                .body("errors.field", hasItem("retry_after_s"));
        given().auth().oauth2(viewer).get("/api/v1/proxy/status").then().body("maintenance.active", equalTo(false));
    }

    @Test
    void configShowsRoutesLimitsAndCors() {
        given().auth().oauth2(TestTokens.forUser("maint-operator", "operator")).get("/api/v1/proxy/config").then()
                .statusCode(200)
                .body("routes.name", hasItem("mcp"))
                .body("routes.find { it.name == 'mcp' }.session_affinity", equalTo(true))
                .body("routes.find { it.name == 'tools' }.timeout_ms", equalTo(1000))
                .body("rate_limits.requests_per_minute", equalTo(60))
                .body("rate_limits.mcp_calls_per_minute", equalTo(5))
                .body("cors.origins", hasItem("http://localhost:5173"))
                .body("public_paths", hasItem("POST /api/v1/auth/login"));
        given().auth().oauth2(viewer).get("/api/v1/proxy/config").then().statusCode(403);
    }
}
