package one.mcps.observability.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import one.mcps.observability.TestEvents;
import one.mcps.testing.LocalStack;
import one.mcps.testing.TestTokens;

/**
 * Events produced while the service is not running (this profile's resource sends them after the previous test
 * application stopped and before this one starts) are all in the log once it runs: the consumer group resumes
 * from its committed offsets.
 */
@QuarkusTest
@TestProfile(CatchUpTest.Restarted.class)
class CatchUpTest {

    static final String TOOL = "downtime-" + UUID.randomUUID().toString().substring(0, 8);
    static final int EVENTS = 50;

    public static class Restarted implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ProducedWhileDown.class));
        }
    }

    public static class ProducedWhileDown implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            LocalStack.ensureRunning();
            for (int i = 0; i < EVENTS; i++) {
                TestEvents.toolLog(TOOL, "written while observability was down " + i);
            }
            return Map.of();
        }

        @Override
        public void stop() {
            // The events stay in Kafka and the log; nothing to tear down.
        }
    }

    @Test
    void everyEventSentWhileStoppedIsStoredOnceItRuns() {
        Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given().auth()
                .oauth2(TestTokens.admin()).queryParam("tool", TOOL).get("/api/v1/logs").then().statusCode(200)
                .body("total", equalTo(EVENTS)));
    }
}
