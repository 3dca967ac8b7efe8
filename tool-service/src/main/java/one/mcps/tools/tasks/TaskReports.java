package one.mcps.tools.tasks;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import one.mcps.platform.events.EventReader;
import one.mcps.platform.events.EventTypes;
import one.mcps.platform.events.TaskChanged;

/**
 * What other services' executors report on mcps.tasks, applied to the task's row. This service's own events
 * are skipped by their source; duplicates and late reports change nothing because {@link TaskService} only
 * lets an outcome land on a task that still runs the same attempt, and progress only moves forward.
 */
@ApplicationScoped
public class TaskReports {

    public static final String CHANNEL = "task-reports";

    private static final Logger LOG = Logger.getLogger(TaskReports.class);
    private static final Set<String> FINAL = Set.of(Task.SUCCEEDED, Task.FAILED, Task.CANCELLED);

    private final TaskService tasks;
    private final EventReader reader;
    private final ObjectMapper mapper;
    private final URI ownSource;

    public TaskReports(TaskService tasks, EventReader reader, ObjectMapper mapper,
            @ConfigProperty(name = "quarkus.application.name") String application) {
        this.tasks = tasks;
        this.reader = reader;
        this.mapper = mapper;
        this.ownSource = URI.create("/mcps/" + application);
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<String> message) {
        return Uni.createFrom().deferred(() -> apply(message))
                .onFailure().invoke(failure -> LOG.warn("Could not apply a task report; skipped", failure))
                .onFailure().recoverWithNull()
                .chain(() -> Uni.createFrom().completionStage(message.ack()));
    }

    private Uni<Void> apply(Message<String> message) {
        var cloudEvent = reader.cloudEvent(message);
        if (cloudEvent.isEmpty() || ownSource.equals(cloudEvent.get().getSource())
                || !EventTypes.TASK_CHANGED.equals(cloudEvent.map(IncomingCloudEventMetadata::getType).orElse(null))) {
            return Uni.createFrom().voidItem();
        }
        TaskChanged report = reader.read(message.getPayload(), TaskChanged.class);
        if (report.attempt() == null) {
            return Uni.createFrom().voidItem();
        }
        UUID id = UUID.fromString(report.taskId());
        if (FINAL.contains(report.state())) {
            Map<String, Object> result = report.result() == null ? null
                    : mapper.convertValue(report.result(), new TypeReference<Map<String, Object>>() {
                    });
            return tasks.finish(id, report.attempt(), report.state(), result, report.error()).replaceWithVoid();
        }
        if (Task.RUNNING.equals(report.state()) && report.progress() != null) {
            return tasks.progress(id, report.attempt(), report.progress());
        }
        return Uni.createFrom().voidItem();
    }
}
