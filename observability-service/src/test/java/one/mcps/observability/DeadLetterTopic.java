package one.mcps.observability;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import one.mcps.testing.LocalStack;

/**
 * Creates the dead-letter topic when the shared broker does not have it yet (it does not create topics on demand,
 * and the local stack's topic list may predate this one); the service itself only writes to it.
 */
public class DeadLetterTopic implements QuarkusTestResourceLifecycleManager {

    public static final String NAME = "mcps.dead-letter";

    @Override
    public Map<String, String> start() {
        LocalStack.ensureRunning();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap()))) {
            if (!admin.listTopics().names().get().contains(NAME)) {
                admin.createTopics(List.of(new NewTopic(NAME, 1, (short) 1)
                        .configs(Map.of("retention.ms", String.valueOf(30L * 24 * 3_600_000))))).all().get();
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create " + NAME, e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return Map.of();
    }

    @Override
    public void stop() {
        // The topic is the broker's, like the platform topics.
    }
}
