package one.mcps.observability.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import one.mcps.platform.events.EventTypes;
import one.mcps.platform.events.Topics;
import one.mcps.testing.KafkaProbe;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class SettingsTest {

    @Test
    void listsEverySettingWithItsDefault() {
        given().auth().oauth2(TestTokens.forUser("otto", "operator")).get("/api/v1/system/config").then()
                .statusCode(200)
                .body("registration_open", equalTo(false))
                .body("alert_disk_percent", equalTo(90));
        given().auth().oauth2(TestTokens.forUser("vera", "viewer")).get("/api/v1/system/config").then()
                .statusCode(403);
    }

    @Test
    void rejectsUnknownKeysAndWrongTypesNamingEach() {
        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body("{\"no_such_setting\": 1, \"logs_retention_days\": \"seven\", \"registration_open\": 1}")
                .put("/api/v1/system/config").then()
                .statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("no_such_setting"))
                .body("errors.field", hasItem("logs_retention_days"))
                .body("errors.field", hasItem("registration_open"));
        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body("{\"alert_cpu_percent\": 150}").put("/api/v1/system/config").then()
                .statusCode(422).body("errors[0].message", equalTo("must be at most 100"));
        given().auth().oauth2(TestTokens.forUser("otto", "operator")).contentType("application/json")
                .body("{\"registration_open\": true}").put("/api/v1/system/config").then().statusCode(403);
    }

    @Test
    void storesAChangeAndAnnouncesItOnTheConfigTopic() {
        int days = 3 + (int) (System.nanoTime() % 20);
        try (KafkaProbe probe = KafkaProbe.watch(Topics.SYSTEM_CONFIG)) {
            given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                    .body("{\"logs_retention_days\": " + days + ", \"alert_cpu_percent\": 75.5}")
                    .put("/api/v1/system/config").then()
                    .statusCode(200)
                    .body("logs_retention_days", equalTo(days))
                    .body("alert_cpu_percent", equalTo(75.5f));
            ConsumerRecord<String, String> record = probe.await(r -> "logs_retention_days".equals(r.key())
                    && r.value().contains("\"value\":" + days), Duration.ofSeconds(30));
            assertEquals(EventTypes.CONFIG_CHANGED, KafkaProbe.header(record, "ce_type"));
            assertTrue(record.value().contains("\"changed_by\":\"admin\""), record.value());
        }
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/system/config").then()
                .body("logs_retention_days", equalTo(days));
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/monitoring/alerts").then()
                .body("rules.find { it.metric == 'host_cpu_percent' }.threshold", equalTo(75.5f));
        given().auth().oauth2(TestTokens.admin()).contentType("application/json")
                .body("{\"alert_cpu_percent\": 80}").put("/api/v1/system/config").then().statusCode(200);
    }
}
