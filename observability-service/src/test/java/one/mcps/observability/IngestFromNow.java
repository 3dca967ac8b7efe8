package one.mcps.observability;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupNotEmptyException;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import one.mcps.platform.events.Topics;
import one.mcps.testing.LocalStack;

/**
 * Starts the tests' ingestion at the topics' current end. The broker is shared: benchmark stacks and the other
 * modules' tests leave millions of events on the platform topics between two runs of these tests, and catching up
 * on them before reaching a test's own events took longer than any test waits. Done once per test JVM, before the
 * first application starts, so a later restart (CatchUpTest's) still resumes from the committed offsets.
 */
public class IngestFromNow implements QuarkusTestResourceLifecycleManager {

    public static final String GROUP = "observability-service-test";
    private static boolean moved;

    @Override
    public Map<String, String> start() {
        moveGroupToTheEnd();
        return Map.of("mp.messaging.incoming.mcps-ingest.group.id", GROUP);
    }

    @Override
    public void stop() {
        // The group's offsets are the tests' state; nothing to tear down.
    }

    /** Before the resources that send events while the application is down. */
    @Override
    public int order() {
        return -1;
    }

    private static synchronized void moveGroupToTheEnd() {
        if (moved) {
            return;
        }
        LocalStack.ensureRunning();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(Topics.ALL).allTopicNames().get();
            Map<TopicPartition, OffsetSpec> latest = topics.values().stream()
                    .flatMap(t -> t.partitions().stream().map(p -> new TopicPartition(t.name(), p.partition())))
                    .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
            admin.alterConsumerGroupOffsets(GROUP, ends.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue().offset()))))
                    .all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupNotEmptyException)) {
                throw new IllegalStateException("Cannot move the consumer group " + GROUP + " to the topics' end", e);
            }
            // Another test JVM reads with the group right now: it already keeps the offsets current.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        moved = true;
    }
}
