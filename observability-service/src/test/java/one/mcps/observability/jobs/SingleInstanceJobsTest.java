package one.mcps.observability.jobs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.ValidatableResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import one.mcps.observability.IngestFromNow;
import one.mcps.observability.TestEvents;
import one.mcps.observability.logs.LogMaintenance;
import one.mcps.observability.system.SettingsService;
import one.mcps.platform.outbox.Outbox;
import one.mcps.platform.outbox.SqlOutbox;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

/** Two instances over one database (a second bean with another instance id): a guarded job runs in one place. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = IngestFromNow.class, restrictToAnnotatedClass = false)
class SingleInstanceJobsTest {

    @Inject
    Pool pool;
    @Inject
    LogMaintenance maintenance;
    @Inject
    SettingsService settings;
    @Inject
    Outbox outbox;
    @Inject
    SqlOutbox sqlOutbox;

    @Test
    void oneOfTwoRacingInstancesHoldsALeaseAndTheOtherTakesOverWhenItDiesOrStops() {
        String job = TestEvents.unique("job");
        JobLease a = new JobLease(pool, "instance-a");
        JobLease b = new JobLease(pool, "instance-b");
        Duration ttl = Duration.ofSeconds(2);

        List<Boolean> raced = Uni.join().all(a.acquire(job, ttl), b.acquire(job, ttl)).andFailFast().await()
                .atMost(Duration.ofSeconds(30));
        assertEquals(1, raced.stream().filter(held -> held).count(), raced.toString());
        JobLease holder = raced.get(0) ? a : b;
        JobLease other = raced.get(0) ? b : a;
        assertTrue(holder.acquire(job, ttl).await().indefinitely(), "the holder renews");
        assertFalse(other.acquire(job, ttl).await().indefinitely(), "the other waits");

        // The holder dies (renews no more): once its lease expires the other has the job, and keeps it.
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> other.acquire(job, ttl).await().indefinitely());
        assertFalse(holder.acquire(job, ttl).await().indefinitely());

        // A stopping holder hands the job over at once.
        other.release(job).await().indefinitely();
        assertTrue(holder.acquire(job, ttl).await().indefinitely());
    }

    @Test
    void theDailyCleanupScheduledOnTwoInstancesRunsOnce() {
        LogMaintenance second = new LogMaintenance(settings, outbox, sqlOutbox, pool, 1, new JobRuns("instance-b"));
        Instant scheduledAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant before = Instant.now();

        CompletableFuture<Void> one = CompletableFuture.runAsync(() -> run(maintenance, scheduledAt));
        CompletableFuture<Void> two = CompletableFuture.runAsync(() -> run(second, scheduledAt));
        CompletableFuture.allOf(one, two).join();

        assertEquals(1, pool.preparedQuery("select count(*) from job_runs where job = 'logs.daily-cleanup' and "
                + "scheduled_at = $1").execute(Tuple.of(scheduledAt.atOffset(ZoneOffset.UTC))).await()
                .indefinitely().iterator().next().getLong(0));
        // The run's audit entry comes back through Kafka: exactly one, however long we wait for a second.
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> cleanupAudits(before)
                .body("total", equalTo(1)));
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> cleanupAudits(before).body("total", equalTo(1)));
    }

    @Test
    void aRunWhoseInstanceDiedBeforeCommittingIsDoneByAnother() {
        String job = TestEvents.unique("daily");
        Instant scheduledAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JobRuns dying = new JobRuns("instance-a");
        JobRuns survivor = new JobRuns("instance-b");
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> dying.claim(job, scheduledAt)
                    .chain(claimed -> Uni.createFrom().failure(new IllegalStateException("killed mid-job")))));
        } catch (Throwable expected) {
            // the work failed, its transaction (and with it the claim) rolled back
        }
        assertTrue(claim(survivor, job, scheduledAt), "the run is still to be done");
        assertFalse(claim(dying, job, scheduledAt), "and then done once");
    }

    private static boolean claim(JobRuns runs, String job, Instant at) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> runs.claim(job, at)));
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    private static void run(LogMaintenance instance, Instant scheduledAt) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> instance.dailyCleanup(scheduledAt));
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    private static ValidatableResponse cleanupAudits(Instant since) {
        return given().auth().oauth2(TestTokens.admin()).queryParam("user", "observability-service")
                .queryParam("category", "operation").queryParam("from", since.toString())
                .get("/api/v1/logs").then().statusCode(200);
    }
}
