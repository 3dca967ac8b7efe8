package one.mcps.observability.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/** Asks every service's {@code /q/health/ready} at once; a service that fails to answer in time is DOWN. */
@ApplicationScoped
public class ServiceProbe {

    private final ServiceDirectory directory;
    private final InternalClient client;

    public ServiceProbe(ServiceDirectory directory, InternalClient client) {
        this.directory = directory;
        this.client = client;
    }

    public Uni<List<ServiceStatus>> probeAll() {
        List<Uni<ServiceStatus>> probes = new ArrayList<>();
        for (Map.Entry<String, String> service : directory.all().entrySet()) {
            probes.add(probe(service.getKey(), service.getValue()));
        }
        return Uni.join().all(probes).andCollectFailures();
    }

    private Uni<ServiceStatus> probe(String name, String url) {
        long start = System.nanoTime();
        return client.getOpen(url + "/q/health/ready").map(response -> {
            long ms = (System.nanoTime() - start) / 1_000_000;
            String reported = reportedStatus(response.bodyAsString());
            boolean up = response.statusCode() == 200 && ServiceStatus.UP.equals(reported);
            return new ServiceStatus(name, url, up ? ServiceStatus.UP : ServiceStatus.DOWN, response.statusCode(), ms,
                    up ? null : "readiness answered HTTP " + response.statusCode());
        }).onFailure().recoverWithItem(failure -> new ServiceStatus(name, url, ServiceStatus.DOWN, null,
                (System.nanoTime() - start) / 1_000_000, "unreachable: " + describe(failure)));
    }

    private static String reportedStatus(String body) {
        try {
            return new JsonObject(body).getString("status");
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
