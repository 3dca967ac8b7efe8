package one.mcps.observability.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import one.mcps.observability.StandInServices;
import one.mcps.observability.StandInServices.Mode;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = StandInServices.class, restrictToAnnotatedClass = false)
class SystemTest {

    @AfterEach
    void allUp() {
        StandInServices.NAMES.forEach(name -> StandInServices.mode(name, Mode.UP));
    }

    @Test
    void healthIsUpWhenEveryServiceIsReadyAndNeedsNoToken() {
        given().get("/api/v1/system/health").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("services.identity", equalTo("UP"))
                .body("services.tools", equalTo("UP"))
                .body("services.proxy", equalTo("UP"))
                .body("services.observability", equalTo("UP"))
                .body("services.gateway", equalTo("UP"));
    }

    @Test
    void healthIs503NamingTheServiceThatIsDownOrUnreachable() {
        StandInServices.mode("tools", Mode.DOWN);
        StandInServices.mode("proxy", Mode.CLOSED);
        given().get("/api/v1/system/health").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("services.tools", equalTo("DOWN"))
                .body("services.proxy", equalTo("DOWN"))
                .body("services.identity", equalTo("UP"))
                .body("down", contains("tools", "proxy"));
        given().auth().oauth2(TestTokens.forUser("vera", "viewer")).get("/api/v1/system/status").then()
                .statusCode(200)
                .body("status", equalTo("DOWN"))
                .body("services.find { it.name == 'proxy' }.error", startsWith("unreachable"))
                .body("services.find { it.name == 'tools' }.http_status", equalTo(503))
                .body("services.find { it.name == 'identity' }.latency_ms", notNullValue());
    }

    @Test
    void infoAndMetricsGatherEveryServiceAndTheHost() {
        StandInServices.mode("gateway", Mode.CLOSED);
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/system/info").then().statusCode(200)
                .body("name", equalTo("MCPS.ONE"))
                .body("services.identity.service", equalTo("identity-service"))
                .body("services.tools.version", equalTo("0.1.0-test"))
                .body("services.gateway.error", startsWith("unreachable"));
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/system/metrics").then().statusCode(200)
                .body("host.memory_total_bytes", notNullValue())
                .body("host.disk_percent", notNullValue())
                .body("jvm.tools.heap_used_bytes", equalTo(1000));
    }

    @Test
    void processesComeFromToolService() {
        given().auth().oauth2(TestTokens.forUser("otto", "operator")).get("/api/v1/system/processes").then()
                .statusCode(200).body("[0].tool", equalTo("alpha")).body("[0].pid", equalTo(4242));
        StandInServices.mode("tools", Mode.CLOSED);
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/system/processes").then().statusCode(503)
                .contentType("application/problem+json");
    }

    @Test
    void restartGoesThroughToolServiceAndReportsEachTool() {
        given().auth().oauth2(TestTokens.admin()).contentType("application/json").body("{\"target\":\"tools\"}")
                .post("/api/v1/system/restart").then().statusCode(200)
                .body("target", equalTo("tools"))
                .body("results", hasSize(2))
                .body("results.find { it.tool == 'alpha' }.status", equalTo("restarted"))
                .body("results.find { it.tool == 'beta' }.status", equalTo("failed"))
                .body("restarted", equalTo(1));
        given().auth().oauth2(TestTokens.admin()).contentType("application/json").body("{\"target\":\"alpha\"}")
                .post("/api/v1/system/restart").then().statusCode(200)
                .body("results[0].status", equalTo("restarted"));
        given().auth().oauth2(TestTokens.admin()).contentType("application/json").body("{\"target\":\"../x\"}")
                .post("/api/v1/system/restart").then().statusCode(400).body("errors.field", hasItem("target"));
        given().auth().oauth2(TestTokens.forUser("vera", "viewer")).contentType("application/json")
                .body("{\"target\":\"tools\"}").post("/api/v1/system/restart").then().statusCode(403);
    }
}
