package one.mcps.observability.system;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import one.mcps.observability.monitoring.HostSampler;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.errors.ProblemType;

/**
 * What the system API gathers from the other services: their {@code /internal/info}, tool-service's processes, and
 * restarts through tool-service. A service that does not answer is reported as such, never as a 500.
 */
@ApplicationScoped
public class SystemService {

    private final ServiceDirectory directory;
    private final InternalClient client;
    private final HostSampler host;
    private final String platformVersion;

    public SystemService(ServiceDirectory directory, InternalClient client, HostSampler host,
            @ConfigProperty(name = "quarkus.application.version") String platformVersion) {
        this.directory = directory;
        this.client = client;
        this.host = host;
        this.platformVersion = platformVersion;
    }

    /** Each service's {@code /internal/info}, or {"error": ...} for one that did not give it. */
    public Uni<Map<String, Object>> info() {
        List<String> names = new ArrayList<>(directory.all().keySet());
        List<Uni<Object>> calls = names.stream().map(this::serviceInfo).toList();
        return Uni.join().all(calls).andCollectFailures().map(results -> {
            Map<String, Object> services = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                services.put(names.get(i), results.get(i));
            }
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("name", "MCPS.ONE");
            info.put("version", platformVersion);
            info.put("checked_at", Instant.now());
            info.put("host", host.latest());
            info.put("services", services);
            return info;
        });
    }

    /** The host, and the JVM of each service (from its info). */
    public Uni<Map<String, Object>> metrics() {
        return info().map(info -> {
            Map<String, Object> jvms = new LinkedHashMap<>();
            @SuppressWarnings("unchecked")
            Map<String, Object> services = (Map<String, Object>) info.get("services");
            services.forEach((name, value) -> {
                if (value instanceof Map<?, ?> service && !service.containsKey("error")) {
                    Map<String, Object> jvm = new LinkedHashMap<>();
                    for (String key : List.of("heap_used_bytes", "heap_max_bytes", "available_processors", "uptime_s",
                            "java")) {
                        jvm.put(key, service.get(key));
                    }
                    jvms.put(name, jvm);
                } else {
                    jvms.put(name, value);
                }
            });
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("host", host.latest());
            metrics.put("jvm", jvms);
            return metrics;
        });
    }

    /** tool-service's view of its processes, passed through. */
    public Uni<Object> processes() {
        return client.get(directory.url(ServiceDirectory.TOOLS) + "/internal/tools/processes")
                .onFailure().transform(f -> unavailable("tool-service", f))
                .map(response -> plain(json(expectOk(response, "tool-service"))));
    }

    /** Restarts one tool, or every running tool for {@code tools}; reports each outcome. */
    public Uni<Map<String, Object>> restart(String target) {
        Uni<List<String>> names = "tools".equals(target) ? runningTools() : Uni.createFrom().item(List.of(target));
        return names.chain(list -> {
            if (list.isEmpty()) {
                return Uni.createFrom().item(List.<Map<String, Object>>of());
            }
            return Uni.join().all(list.stream().map(this::restartTool).toList()).andCollectFailures();
        }).map(results -> {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("target", target);
            report.put("results", results);
            report.put("restarted", results.stream().filter(r -> "restarted".equals(r.get("status"))).count());
            return report;
        });
    }

    private Uni<List<String>> runningTools() {
        return client.get(directory.url(ServiceDirectory.TOOLS) + "/api/v1/tools?state=running&size=100")
                .onFailure().transform(f -> unavailable("tool-service", f))
                .map(response -> {
                    Object body = json(expectOk(response, "tool-service"));
                    JsonArray items = body instanceof JsonArray array ? array
                            : body instanceof JsonObject object && object.getJsonArray("items") != null
                                    ? object.getJsonArray("items") : new JsonArray();
                    List<String> names = new ArrayList<>();
                    for (Object item : items) {
                        if (item instanceof JsonObject tool && tool.getString("name") != null) {
                            names.add(tool.getString("name"));
                        }
                    }
                    return names;
                });
    }

    private Uni<Map<String, Object>> restartTool(String name) {
        return client.post(directory.url(ServiceDirectory.TOOLS) + "/api/v1/tools/" + name + "/restart", null)
                .map(response -> {
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("tool", name);
                    boolean ok = response.statusCode() / 100 == 2;
                    result.put("status", ok ? "restarted" : "failed");
                    result.put("http_status", response.statusCode());
                    if (!ok) {
                        result.put("detail", detailOf(response));
                    }
                    return result;
                })
                .onFailure().recoverWithItem(f -> {
                    Map<String, Object> result = new LinkedHashMap<>();
                    result.put("tool", name);
                    result.put("status", "failed");
                    result.put("detail", "tool-service unreachable: " + ServiceProbe.describe(f));
                    return result;
                });
    }

    private Uni<Object> serviceInfo(String name) {
        return client.get(directory.url(name) + "/internal/info").map(response -> response.statusCode() == 200
                ? (Object) response.bodyAsJsonObject().getMap()
                : (Object) error("/internal/info answered HTTP " + response.statusCode()))
                .onFailure().recoverWithItem(f -> error("unreachable: " + ServiceProbe.describe(f)));
    }

    private static Map<String, Object> error(String message) {
        return Map.of("error", message);
    }

    private static HttpResponse<Buffer> expectOk(HttpResponse<Buffer> response, String service) {
        if (response.statusCode() != 200) {
            throw new ProblemException(ProblemType.BAD_GATEWAY, service + " answered HTTP " + response.statusCode()
                    + ": " + detailOf(response));
        }
        return response;
    }

    private static String detailOf(HttpResponse<Buffer> response) {
        try {
            JsonObject problem = response.bodyAsJsonObject();
            return problem == null ? "" : problem.getString("detail", "");
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static Object json(HttpResponse<Buffer> response) {
        return Json.decodeValue(response.bodyAsString());
    }

    /** Maps and lists serialize with the service's own JSON settings; Vert.x JSON types are unwrapped. */
    private static Object plain(Object json) {
        if (json instanceof JsonObject object) {
            return object.getMap();
        }
        return json instanceof JsonArray array ? array.getList() : json;
    }

    private static ProblemException unavailable(String service, Throwable failure) {
        if (failure instanceof ProblemException problem) {
            return problem;
        }
        return ProblemException.unavailable(service + " is unreachable: " + ServiceProbe.describe(failure));
    }
}
