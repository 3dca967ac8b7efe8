package one.mcps.tools.tasks;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.paging.PageRequest;
import one.mcps.platform.security.Caller;
import one.mcps.platform.security.Roles;

@Path("/api/v1/tasks")
@Tag(name = "Tasks", description = "Scheduled (cron / run_at) and background tasks; state survives restarts")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "401", description = "No valid bearer token")
@APIResponse(responseCode = "403", description = "The caller's roles do not allow this")
public class TaskResource {

    static final Set<String> STATES = Set.of(Task.PENDING, Task.SCHEDULED, Task.RUNNING, Task.SUCCEEDED, Task.FAILED,
            Task.CANCELLED);

    private final TaskService tasks;
    private final TaskRunner runner;
    private final SecurityIdentity identity;
    private final TasksConfig config;

    public TaskResource(TaskService tasks, TaskRunner runner, SecurityIdentity identity, TasksConfig config) {
        this.tasks = tasks;
        this.runner = runner;
        this.identity = identity;
        this.config = config;
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "List tasks, a page at a time (page counts from 1), filtered by type, state or a tool "
            + "the task names")
    @APIResponse(responseCode = "200", description = "One page of tasks, oldest first")
    @APIResponse(responseCode = "400", description = "A bad page, size or filter value (problem+json)")
    public Uni<TaskPageView> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size,
            @QueryParam("type") String type, @QueryParam("state") String state, @QueryParam("tool") String tool) {
        PageRequest request = PageRequest.of(page, size, config.pageDefaultSize(), config.pageMaxSize());
        ProblemException.requireOneOf("state", state, STATES);
        ProblemException.requireOneOf("type", type, TaskTypes.ALL);
        Caller caller = caller();
        return tasks.search(new TaskRepository.TaskFilter(type, state, tool), request.index(), request.size())
                .chain(result -> tasks.resultVisible(caller, result.items()).map(visible -> new TaskPageView(
                        result.items().stream().map(t -> TaskView.of(t, visible.test(t))).toList(), request.page(),
                        request.size(), result.total(), request.pages(result.total()))));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR })
    @Operation(summary = "Create a task: with schedule (Quartz cron, seconds first) it runs at every fire time, "
            + "with run_at once at that time, with neither when started")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "400", description = "Invalid body, unknown type or bad params; each bad field is "
            + "listed (problem+json)")
    @APIResponse(responseCode = "403", description = "A tool.call of a tool the caller may not use (problem+json)")
    @APIResponse(responseCode = "422", description = "The schedule is not a valid cron expression (problem+json)")
    public Uni<Response> create(@Valid @NotNull TaskRequest request) {
        return tasks.create(request, caller()).map(task -> Response
                .created(URI.create("/api/v1/tasks/" + task.id)).entity(TaskView.of(task, true)).build());
    }

    @GET
    @Path("/{task_id}")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "One task; a tool.call's result only for those who may use its tool")
    @APIResponse(responseCode = "200", description = "The task")
    @APIResponse(responseCode = "404", description = "No such task (problem+json)")
    public Uni<TaskView> get(@PathParam("task_id") UUID taskId) {
        Caller caller = caller();
        return tasks.get(taskId).chain(task -> visible(caller, task).map(visible -> TaskView.of(task, visible)));
    }

    @PUT
    @Path("/{task_id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR })
    @Operation(summary = "Replace a task's definition; its next run is computed afresh, and it acts as the caller "
            + "from now on")
    @APIResponse(responseCode = "200", description = "The changed task")
    @APIResponse(responseCode = "400", description = "Invalid body (problem+json)")
    @APIResponse(responseCode = "404", description = "No such task (problem+json)")
    @APIResponse(responseCode = "403", description = "A tool.call of a tool the caller may not use (problem+json)")
    @APIResponse(responseCode = "409", description = "The task is running (problem+json)")
    @APIResponse(responseCode = "422", description = "The schedule is not a valid cron expression (problem+json)")
    public Uni<TaskView> update(@PathParam("task_id") UUID taskId, @Valid @NotNull TaskRequest request) {
        return tasks.update(taskId, request, caller()).map(task -> TaskView.of(task, true));
    }

    @DELETE
    @Path("/{task_id}")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR })
    @Operation(summary = "Delete a task; a running one is cancelled first")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such task (problem+json)")
    public Uni<Void> delete(@PathParam("task_id") UUID taskId) {
        return tasks.delete(taskId).invoke(() -> runner.cancel(taskId));
    }

    @POST
    @Path("/{task_id}/start")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR })
    @Operation(summary = "Run the task now (it starts within a poll interval)")
    @APIResponse(responseCode = "202", description = "Accepted; the status as it is now")
    @APIResponse(responseCode = "403", description = "A tool.call of a tool the caller may not use (problem+json)")
    @APIResponse(responseCode = "404", description = "No such task (problem+json)")
    @APIResponse(responseCode = "409", description = "Already running, or disabled (problem+json)")
    public Uni<Response> start(@PathParam("task_id") UUID taskId) {
        return tasks.start(taskId, caller())
                .map(task -> Response.accepted(TaskStatusView.of(task, true)).build());
    }

    @POST
    @Path("/{task_id}/stop")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR })
    @Operation(summary = "Cancel the running attempt; its executor stops the work")
    @APIResponse(responseCode = "200", description = "Cancelled; the status as it is now")
    @APIResponse(responseCode = "404", description = "No such task (problem+json)")
    @APIResponse(responseCode = "409", description = "The task is not running (problem+json)")
    public Uni<TaskStatusView> stop(@PathParam("task_id") UUID taskId) {
        Caller caller = caller();
        return tasks.stop(taskId).invoke(task -> runner.cancel(task.id))
                .chain(task -> visible(caller, task).map(visible -> TaskStatusView.of(task, visible)));
    }

    @GET
    @Path("/{task_id}/status")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "State, progress (0..1), times, result, error and attempts of the current or last run; a "
            + "tool.call's result only for those who may use its tool")
    @APIResponse(responseCode = "200", description = "The status")
    @APIResponse(responseCode = "404", description = "No such task (problem+json)")
    public Uni<TaskStatusView> status(@PathParam("task_id") UUID taskId) {
        Caller caller = caller();
        return tasks.get(taskId).chain(task -> visible(caller, task).map(visible -> TaskStatusView.of(task, visible)));
    }

    private Uni<Boolean> visible(Caller caller, Task task) {
        return tasks.resultVisible(caller, List.of(task)).map(visible -> visible.test(task));
    }

    /** Read on the request's thread: the identity is request-scoped. */
    private Caller caller() {
        return Caller.of(identity);
    }
}
