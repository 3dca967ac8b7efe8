package one.mcps.tools.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import one.mcps.platform.security.Caller;
import one.mcps.platform.security.Roles;
import one.mcps.tools.db.Database;
import one.mcps.tools.lifecycle.Supervisor;
import one.mcps.tools.ownership.Leases;
import one.mcps.tools.registry.Tool;
import one.mcps.tools.registry.ToolRepository;
import one.mcps.tools.secrets.SecretCipher;

@Path("/internal")
@Tag(name = "Internal", description = "For other MCPS.ONE services (service token)")
@Produces(MediaType.APPLICATION_JSON)
// Service tokens only, admins neither: /internal/tools/running carries decrypted secrets, and the API promises that
// secrets never come back to a user (issue 15). The platform's HTTP permission on /internal/* says the same.
@RolesAllowed(Roles.SERVICE)
@APIResponse(responseCode = "401", description = "No valid bearer token")
@APIResponse(responseCode = "403", description = "Not a service token")
public class InternalToolsResource {

    private final Supervisor supervisor;
    private final Database db;
    private final ToolRepository repository;
    private final SecretCipher cipher;
    private final BackupService backups;
    private final SecurityIdentity identity;
    private final Leases leases;

    public InternalToolsResource(Supervisor supervisor, Database db, ToolRepository repository,
            SecretCipher cipher, BackupService backups, SecurityIdentity identity, Leases leases) {
        this.supervisor = supervisor;
        this.db = db;
        this.repository = repository;
        this.cipher = cipher;
        this.backups = backups;
        this.identity = identity;
        this.leases = leases;
    }

    @GET
    @Path("/tools/running")
    @Operation(summary = "Every running (or unhealthy) tool of every instance with where and how to connect to it "
            + "(the owner's bridge); mcp-proxy-service reads this on start and on each ToolStatusChanged(running)")
    @APIResponse(responseCode = "200", description = "The running tools")
    public Uni<List<RunningToolView>> running() {
        return repository.findRunningOwned(db.client()).chain(running -> leases.liveInstances()
                .map(live -> running.stream().map(owned -> view(owned, live)).toList()));
    }

    @GET
    @Path("/tools/processes")
    @Operation(summary = "Each tool process of this instance: pid, state, CPU, memory, uptime, restarts; the processes "
            + "of a per_session tool under instances")
    @APIResponse(responseCode = "200", description = "The processes")
    public List<ProcessView> processes() {
        return supervisor.all().stream().map(s -> new ProcessView(s.id(), s.name(), s.pid(), s.state(),
                s.cpuPercent(), s.rssBytes(), s.uptimeS(), s.restarts(), s.sharing(), s.instanceCount(),
                s.instances())).toList();
    }

    @GET
    @Path("/export")
    @Operation(summary = "Every tool definition, secrets encrypted as stored (backup)")
    @APIResponse(responseCode = "200", description = "The backup")
    public Uni<Backup> export() {
        return backups.export();
    }

    @POST
    @Path("/import")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Restore tool definitions from a backup: upsert by id")
    @APIResponse(responseCode = "200", description = "How many tools were restored")
    @APIResponse(responseCode = "400", description = "Invalid backup, or secrets from another key")
    @APIResponse(responseCode = "409", description = "A name is taken by another tool")
    public Uni<Map<String, Integer>> importBackup(@Valid @NotNull Backup backup) {
        return backups.restore(backup, Caller.of(identity)).map(n -> Map.of("imported", n));
    }

    private RunningToolView view(ToolRepository.Owned owned, List<Leases.Instance> live) {
        Tool t = owned.tool();
        boolean stdio = t.isStdio();
        String url = stdio ? bridgeUrl(owned.ownerBridgeBase(), t.name) : t.url;
        List<String> bridgeUrls = null;
        if (stdio && Tool.PER_SESSION.equals(t.sharing)) {
            bridgeUrls = new ArrayList<>(List.of(url));
            for (Leases.Instance instance : live) {
                if (!instance.id().equals(owned.owner())) {
                    bridgeUrls.add(bridgeUrl(instance.bridgeBaseUrl(), t.name));
                }
            }
        }
        Map<String, String> headers = stdio ? Map.of() : cipher.decryptAll(t.headers);
        return new RunningToolView(t.id, t.name, t.displayName, t.transport, url, headers, t.allowedRoles,
                t.callTimeoutMs, t.maxConcurrency, t.sharing, t.tags, t.state, owned.serverInfo(), owned.capabilities(),
                owned.owner(), owned.generation(), bridgeUrls);
    }

    private static String bridgeUrl(String base, String name) {
        return base + "/internal/tools/" + name + "/mcp";
    }
}
