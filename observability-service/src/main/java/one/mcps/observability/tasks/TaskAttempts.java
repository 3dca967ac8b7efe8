package one.mcps.observability.tasks;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import one.mcps.platform.events.TaskCommand;

/**
 * The task attempts this service took on ({@code task_attempts}). Commands reach one instance of the group, but a
 * rebalance or a crash before the offset was committed delivers one again, possibly to another instance: only the
 * first to claim an attempt runs it. An attempt whose instance died is not run again here; tool-service fails it
 * when its lease expires and sends a new attempt.
 */
@ApplicationScoped
public class TaskAttempts {

    private final Pool pool;
    private final String instance;

    public TaskAttempts(Pool pool, @ConfigProperty(name = "mcps.instance.id") String instance) {
        this.pool = pool;
        this.instance = instance;
    }

    /** True when this instance is the first to take the attempt on. */
    public Uni<Boolean> claim(TaskCommand command) {
        return pool.preparedQuery("insert into task_attempts (task_id, attempt, instance) values ($1, $2, $3) "
                + "on conflict do nothing").execute(Tuple.of(command.taskId(), command.attempt() == null ? 0
                        : command.attempt(), instance))
                .map(rows -> rows.rowCount() == 1);
    }
}
