package one.mcps.observability.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import one.mcps.observability.DeadLetterTopic;
import one.mcps.observability.IngestFromNow;
import one.mcps.observability.TestEvents;
import one.mcps.platform.events.EventTypes;
import one.mcps.platform.events.Topics;
import one.mcps.testing.KafkaProbe;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

/**
 * A record that can never be stored goes to the dead-letter topic with the reason and where it came from, and the
 * records behind it (same key, so same partition, so behind it in the consumer's order) are stored.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = IngestFromNow.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = DeadLetterTopic.class, restrictToAnnotatedClass = false)
class DeadLetterTest {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void poisonRecordsAreDeadLetteredAndTheNextRecordIsStored() {
        try (KafkaProbe deadLetters = KafkaProbe.watch(DeadLetterTopic.NAME)) {
            String tool = TestEvents.unique("poison");
            String malformed = UUID.randomUUID().toString();
            KafkaProbe.send(Topics.TOOL_LOGS, tool, EventTypes.TOOL_LOG_LINE, "{\"tool\":\"" + tool + "\",", malformed);
            String wrongType = UUID.randomUUID().toString();
            KafkaProbe.send(Topics.TOOL_LOGS, tool, EventTypes.AUDIT, "{\"tool\":\"" + tool + "\",\"line\":\"x\"}",
                    wrongType);
            // PostgreSQL's jsonb refuses \u0000, and the event's fields are stored as the entry's attributes.
            String refused = UUID.randomUUID().toString();
            KafkaProbe.send(Topics.TOOL_LOGS, tool, EventTypes.TOOL_LOG_LINE, "{\"tool\":\"" + tool
                    + "\",\"stream\":\"stderr\",\"line\":\"nul \\u0000 inside\"}", refused);
            String good = TestEvents.toolLog(tool, "the line after the poison");

            Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> given().auth()
                    .oauth2(TestTokens.admin()).queryParam("tool", tool).get("/api/v1/logs").then().statusCode(200)
                    .body("items.event_id", contains(good)));

            assertDeadLettered(deadLetters, malformed, "Not a ToolLogLine event");
            assertDeadLettered(deadLetters, wrongType, EventTypes.AUDIT);
            assertDeadLettered(deadLetters, refused, "22P05");
        }
    }

    private static void assertDeadLettered(KafkaProbe deadLetters, String eventId, String reasonPart) {
        ConsumerRecord<String, String> record = deadLetters.await(r -> eventId.equals(KafkaProbe.header(r, "ce_id")),
                WAIT);
        String reason = KafkaProbe.header(record, "dead-letter-reason");
        assertNotNull(reason);
        assertTrue(reason.contains(reasonPart), reason);
        assertEquals(Topics.TOOL_LOGS, KafkaProbe.header(record, "dead-letter-topic"));
        assertNotNull(KafkaProbe.header(record, "dead-letter-partition"));
        assertTrue(Long.parseLong(KafkaProbe.header(record, "dead-letter-offset")) >= 0);
    }
}
