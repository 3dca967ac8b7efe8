package one.mcps.observability.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import one.mcps.platform.events.EventTypes;
import one.mcps.platform.events.Topics;
import one.mcps.testing.KafkaProbe;
import one.mcps.testing.LocalStackResource;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class TaskExecutorTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    Pool pool;

    @Test
    void logsCleanupCommandRunsAndReportsRunningThenSucceededWithTheResult() {
        String taskId = UUID.randomUUID().toString();
        String eventId = "old-" + taskId;
        // An entry older than the cleanup's cut-off (3650 days), which the task must remove.
        pool.preparedQuery("insert into log_entries (event_id, time, level, category, source, message) "
                + "values ($1, now() - interval '3660 days', 'INFO', 'test', 'test', 'ancient entry')")
                .execute(Tuple.of(eventId)).await().atMost(Duration.ofSeconds(10));
        JsonObject command = new JsonObject().put("task_id", taskId).put("task_type", "logs.cleanup")
                .put("action", "run").put("params", new JsonObject().put("older_than_days", 3650)).put("attempt", 1)
                .put("timeout_ms", 60000).put("at", "2026-01-01T00:00:00Z");
        try (KafkaProbe probe = KafkaProbe.watch(Topics.TASKS)) {
            KafkaProbe.send(Topics.TASK_COMMANDS, taskId, EventTypes.TASK_COMMAND, command.encode());

            probe.await(r -> taskId.equals(r.key()) && r.value().contains("\"succeeded\""), WAIT);
            List<JsonObject> events = new ArrayList<>();
            for (ConsumerRecord<String, String> record : probe.received()) {
                if (taskId.equals(record.key())) {
                    events.add(new JsonObject(record.value()));
                }
            }
            assertEquals(List.of("running", "succeeded"), events.stream().map(e -> e.getString("state")).toList(),
                    events.toString());
            JsonObject done = events.get(1);
            assertEquals(1, done.getInteger("attempt"));
            assertEquals("logs.cleanup", done.getString("task_type"));
            assertEquals(3650, done.getJsonObject("result").getInteger("older_than_days"));
            assertTrue(done.getJsonObject("result").getInteger("deleted") >= 1, done.encode());
            assertNull(done.getString("error"));
        }
        long left = pool.preparedQuery("select count(*) from log_entries where event_id = $1").execute(Tuple.of(eventId))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
        assertEquals(0, left);
    }
}
