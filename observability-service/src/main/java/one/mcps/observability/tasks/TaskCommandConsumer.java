package one.mcps.observability.tasks;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import one.mcps.platform.events.EventReader;
import one.mcps.platform.events.EventTypes;
import one.mcps.platform.events.TaskCommand;

/**
 * mcps.task.commands for the types observability executes (logs.cleanup, backup.create). The work runs off
 * the consumer, so a cancel arriving behind a run is read while the run is still going.
 */
@ApplicationScoped
public class TaskCommandConsumer {

    public static final String CHANNEL = "task-commands";

    private static final Logger LOG = Logger.getLogger(TaskCommandConsumer.class);

    private final EventReader reader;
    private final TaskExecutor executor;

    public TaskCommandConsumer(EventReader reader, TaskExecutor executor) {
        this.reader = reader;
        this.executor = executor;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        try {
            dispatch(message);
        } catch (RuntimeException e) {
            LOG.warn("Skipped an unreadable task command", e);
        }
        return Uni.createFrom().completionStage(message.ack());
    }

    private void dispatch(Message<String> message) {
        String type = reader.cloudEvent(message).map(IncomingCloudEventMetadata::getType).orElse(null);
        if (!EventTypes.TASK_COMMAND.equals(type)) {
            return;
        }
        TaskCommand command = reader.read(message.getPayload(), TaskCommand.class);
        if (!TaskWork.TYPES.contains(command.taskType())) {
            return;
        }
        if (TaskCommand.CANCEL.equals(command.action())) {
            executor.cancel(command);
        } else if (TaskCommand.RUN.equals(command.action())) {
            executor.run(command);
        }
    }
}
