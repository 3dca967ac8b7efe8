package one.mcps.observability.backups;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import one.mcps.observability.StandInServices;
import one.mcps.observability.TestEvents;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = StandInServices.class, restrictToAnnotatedClass = false)
class BackupTest {

    @Test
    void backupThenDeleteThenRestoreBringsAlertRulesAndToolsBack() throws Exception {
        String name = TestEvents.unique("backup-rule");
        String ruleId = given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body("{\"name\":\"" + name + "\",\"metric\":\"tool_error_rate_percent\",\"threshold\":50}")
                .post("/api/v1/monitoring/alerts").then().statusCode(201).extract().path("id");

        Response created = given().auth().oauth2(TestTokens.admin()).post("/api/v1/system/backups");
        created.then().statusCode(201)
                .body("report.observability", equalTo("ok"))
                .body("report.tools", equalTo("ok"))
                .body("report.identity", startsWith("error: /internal/export answered HTTP 404"));
        String backupId = created.path("id");
        String sha = created.path("sha256");

        byte[] gz = given().auth().oauth2(TestTokens.admin()).get("/api/v1/system/backups/" + backupId).then()
                .statusCode(200).header("X-Checksum-SHA256", sha).extract().asByteArray();
        assertEquals(sha, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(gz)));
        String document;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(document.contains(name), "the backup holds the rule");
        assertTrue(document.contains("\"beta\""), "the backup holds tool-service's export");
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/system/backups").then().statusCode(200)
                .body("id", hasItem(backupId));

        given().auth().oauth2(TestTokens.admin()).delete("/api/v1/monitoring/alerts/" + ruleId).then()
                .statusCode(204);
        StandInServices.toolsJson = "[{\"id\":\"t-1\",\"name\":\"alpha\"}]";
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/monitoring/alerts").then()
                .body("rules.name", not(hasItem(name)));

        given().auth().oauth2(TestTokens.admin()).post("/api/v1/system/backups/" + backupId + "/restore").then()
                .statusCode(200)
                .body("services.observability", equalTo("ok"))
                .body("services.tools", equalTo("ok"));
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/monitoring/alerts/" + ruleId).then()
                .statusCode(200).body("name", equalTo(name)).body("threshold", equalTo(50.0f));
        assertTrue(StandInServices.toolsJson.contains("beta"), "the deleted tool is back at tool-service");
    }

    @Test
    void backupsAreForAdminsAndUnknownOnesAre404() {
        given().auth().oauth2(TestTokens.forUser("otto", "operator")).post("/api/v1/system/backups").then()
                .statusCode(403);
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/system/backups/" + java.util.UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin())
                .post("/api/v1/system/backups/" + java.util.UUID.randomUUID() + "/restore").then().statusCode(404);
    }
}
