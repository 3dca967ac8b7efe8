package one.mcps.observability.jobs;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Daily jobs that every instance schedules but one must do: a run is claimed by a row keyed on the job and its
 * scheduled time ({@code job_runs}), inserted in the transaction that does the work. The other instances' inserts
 * wait on it: when it commits they find the run done and skip it; when its instance dies first the row goes with
 * the rolled-back work, and one of them does the run.
 */
@ApplicationScoped
public class JobRuns {

    private final String instance;

    public JobRuns(@ConfigProperty(name = "mcps.instance.id") String instance) {
        this.instance = instance;
    }

    /**
     * Claims the run scheduled at {@code scheduledAt}; true when this instance is to do it. Call inside the
     * Panache transaction that does the work.
     */
    public Uni<Boolean> claim(String job, Instant scheduledAt) {
        return Panache.getSession().chain(session -> session.createNativeQuery("insert into job_runs (job, "
                + "scheduled_at, instance) values (?1, ?2, ?3) on conflict do nothing")
                .setParameter(1, job).setParameter(2, scheduledAt).setParameter(3, instance).executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
