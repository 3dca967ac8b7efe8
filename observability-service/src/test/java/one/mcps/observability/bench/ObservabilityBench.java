package one.mcps.observability.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import one.mcps.observability.StandInServices;
import one.mcps.platform.events.EventTypes;
import one.mcps.platform.events.Topics;
import one.mcps.testing.LocalStack;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

/**
 * A harness run by hand, not part of the suite (its name does not end in Test):
 * {@code mvn -B -q -pl observability-service -am verify -Dtest=ObservabilityBench -Dsurefire.failIfNoSpecifiedTests=false}.
 * It prints figures: ingest throughput from Kafka into the log, and the heap an export needs for 100 000 and
 * 300 000 rows (the same peak for both is what "streamed in bounded memory" means).
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = StandInServices.class, restrictToAnnotatedClass = false)
class ObservabilityBench {

    @Inject
    Pool pool;

    @TestHTTPResource("/api/v1/logs/export")
    URI export;

    @Test
    void ingestThroughput() throws Exception {
        int events = Integer.getInteger("bench.events", 20_000);
        String tool = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStack.kafkaBootstrap());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < events; i++) {
                ProducerRecord<String, String> record = new ProducerRecord<>(Topics.TOOL_LOGS, tool,
                        "{\"tool\":\"" + tool + "\",\"stream\":\"stderr\",\"line\":\"line " + i + " of the bench\","
                                + "\"at\":\"" + Instant.now() + "\"}");
                record.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
                record.headers().add("ce_type", EventTypes.TOOL_LOG_LINE.getBytes(StandardCharsets.UTF_8));
                record.headers().add("ce_source", "/mcps/bench".getBytes(StandardCharsets.UTF_8));
                record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
        }
        long produced = System.nanoTime();
        long stored = 0;
        while (stored < events) {
            Thread.sleep(100);
            stored = pool.preparedQuery("select count(*) from log_entries where tool = $1").execute(Tuple.of(tool))
                    .await().indefinitely().iterator().next().getLong(0);
        }
        long done = System.nanoTime();
        System.out.printf("BENCH ingest: %d events produced in %d ms, all stored after %d ms => %.0f events/s%n",
                events, (produced - start) / 1_000_000, (done - start) / 1_000_000,
                events / ((done - start) / 1e9));
    }

    @Test
    void exportHeap() throws Exception {
        for (int rows : new int[] { 100_000, 300_000 }) {
            String source = "bench-export-" + UUID.randomUUID().toString().substring(0, 8);
            pool.preparedQuery("insert into log_entries (event_id, time, level, category, source, message, tool, "
                    + "attributes) select $1 || '-' || n, now() - make_interval(secs => n), 'INFO', 'system', $1, "
                    + "'a log line of a realistic length, number ' || n || ', with some words to search', $1, "
                    + "'{\"k\":\"v\"}'::jsonb from generate_series(1, $2) as n")
                    .execute(Tuple.of(source, rows)).await().atMost(Duration.ofMinutes(5));
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            System.gc();
            long baseline = memory.getHeapMemoryUsage().getUsed();
            AtomicLong peak = new AtomicLong(baseline);
            AtomicBoolean running = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (running.get()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.start();
            long start = System.nanoTime();
            HttpRequest request = HttpRequest.newBuilder(URI.create(export + "?format=ndjson&source=" + source))
                    .header("Authorization", "Bearer " + TestTokens.admin()).build();
            HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request,
                    HttpResponse.BodyHandlers.ofLines());
            long lines;
            long bytes;
            try (Stream<String> body = response.body()) {
                long[] counted = new long[2];
                body.forEach(line -> {
                    counted[0]++;
                    counted[1] += line.length() + 1;
                });
                lines = counted[0];
                bytes = counted[1];
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            running.set(false);
            sampler.join();
            System.out.printf("BENCH export: %d rows (%d MB of NDJSON) in %d ms; heap peak %d MB above a %d MB "
                    + "baseline (client and server share this JVM)%n", lines, bytes >> 20, ms,
                    (peak.get() - baseline) >> 20, baseline >> 20);
            pool.preparedQuery("delete from log_entries where source = $1").execute(Tuple.of(source))
                    .await().indefinitely();
        }
    }
}
