package one.mcps.identity.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import one.mcps.platform.events.Topics;
import one.mcps.platform.security.RevocationRegistry;

/**
 * Revocations live in memory, and an instance keeps its id across restarts (a pod's name, ./mcps's identity-2): if
 * its group committed offsets, a restarted instance would resume after them and accept every token revoked before.
 * So the group must never commit: each start replays the topic from the beginning.
 */
@QuarkusTest
class RevocationReplayTest {

    /** Longer than the connector's commit interval (auto.commit.interval.ms, 5 s), so a commit would have happened. */
    private static final Duration COMMIT_WINDOW = Duration.ofSeconds(7);

    @Inject
    RevocationRegistry registry;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "mp.messaging.incoming.mcps-revocations.group.id")
    String group;

    @Test
    void theRevocationGroupNeverCommitsSoARestartReplaysEverything() throws Exception {
        String jti = "replay-" + UUID.randomUUID();
        String event = "{\"kind\":\"token\",\"jti\":\"" + jti + "\",\"expires_at\":\"" + Instant.now().plusSeconds(600)
                + "\"}";
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.REVOCATIONS, jti, event)).get();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!registry.isTokenRevoked(jti) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(registry.isTokenRevoked(jti), "the revocation was not consumed");

        Thread.sleep(COMMIT_WINDOW.toMillis());
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(adminProps)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            assertEquals(Map.of(), committed, "offsets committed by " + group);
        }
    }
}
