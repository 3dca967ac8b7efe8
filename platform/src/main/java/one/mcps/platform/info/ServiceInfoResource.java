package one.mcps.platform.info;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import one.mcps.platform.security.Roles;

@Path("/internal/info")
@Tag(name = "Internal")
@RolesAllowed(Roles.SERVICE)
public class ServiceInfoResource {

    private final Instant startedAt = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
    private final String service;
    private final String version;
    private final String instance;

    public ServiceInfoResource(@ConfigProperty(name = "quarkus.application.name") String service,
            @ConfigProperty(name = "quarkus.application.version") String version,
            @ConfigProperty(name = "mcps.instance.id") String instance) {
        this.service = service;
        this.version = version;
        this.instance = instance;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "This service's name, version, instance, uptime and JVM")
    public ServiceInfo info() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new ServiceInfo(service, version, instance, startedAt,
                Duration.between(startedAt, Instant.now()).toSeconds(), Runtime.version().toString(), hostName(),
                Runtime.getRuntime().availableProcessors(), heap.getUsed(), heap.getMax());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
