package one.mcps.observability.jobs;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Which instance runs a periodic job that must run in one place ({@code job_leases}). The holder renews the lease
 * on each run and keeps the job while it lives, so the job does not hop between instances (alert evaluation reads
 * this host's samples: hopping would make host alerts flap between hosts). An instance that dies keeps it until the
 * lease expires; one that stops hands it over at once. A holder that was paused past its lease and runs once more
 * beside the new holder does no harm to the jobs guarded here: their effects are conditional statements.
 */
@ApplicationScoped
public class JobLease {

    private static final Logger LOG = Logger.getLogger(JobLease.class);
    private static final String ACQUIRE = "insert into job_leases (job, holder, expires_at) "
            + "values ($1, $2, now() + make_interval(secs => $3)) on conflict (job) do update "
            + "set holder = excluded.holder, expires_at = excluded.expires_at "
            + "where job_leases.holder = excluded.holder or job_leases.expires_at < now() returning holder";

    private final Pool pool;
    private final String instance;

    public JobLease(Pool pool, @ConfigProperty(name = "mcps.instance.id") String instance) {
        this.pool = pool;
        this.instance = instance;
    }

    /** True when this instance holds (took or renewed) the job's lease for {@code ttl} from now. */
    public Uni<Boolean> acquire(String job, Duration ttl) {
        return pool.preparedQuery(ACQUIRE).execute(Tuple.of(job, instance, ttl.toMillis() / 1000.0))
                .map(rows -> rows.size() > 0);
    }

    /** Gives the job up, so another instance takes it on its next run rather than after the lease expires. */
    public Uni<Void> release(String job) {
        return pool.preparedQuery("delete from job_leases where job = $1 and holder = $2")
                .execute(Tuple.of(job, instance)).replaceWithVoid();
    }

    /** Before the pool closes: a stopping instance's jobs go to the others now. */
    void stop(@Observes ShutdownEvent event) {
        try {
            pool.preparedQuery("delete from job_leases where holder = $1").execute(Tuple.of(instance))
                    .await().atMost(Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            LOG.warnf("Could not hand over this instance's job leases (they expire by themselves): %s",
                    e.getMessage());
        }
    }

    public String instance() {
        return instance;
    }
}
