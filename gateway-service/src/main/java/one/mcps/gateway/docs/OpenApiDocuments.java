package one.mcps.gateway.docs;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import one.mcps.gateway.routing.RouteTable;
import one.mcps.gateway.routing.Upstream;
import one.mcps.platform.errors.ProblemException;

/**
 * Each upstream's OpenAPI document, fetched from its {@code /q/openapi} and kept a short while, so the gateway's
 * Swagger UI and ReDoc can show every service from one place.
 */
@ApplicationScoped
public class OpenApiDocuments {

    private final WebClient client;
    private final RouteTable table;
    private final Duration timeout;
    private final AsyncCache<String, String> documents;

    public OpenApiDocuments(Vertx vertx, RouteTable table, DocsConfig config) {
        this.client = WebClient.create(vertx);
        this.table = table;
        this.timeout = config.timeout();
        this.documents = Caffeine.newBuilder().expireAfterWrite(config.cacheTtl()).buildAsync();
    }

    /** The upstream's OpenAPI document as JSON text. */
    public Uni<String> document(String service) {
        Upstream upstream = table.upstreams().stream().filter(u -> u.name().equals(service)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("No service named " + service + " is behind the gateway."));
        return Uni.createFrom().completionStage(() -> documents.get(service,
                (key, executor) -> fetch(upstream).subscribeAsCompletionStage()));
    }

    private Uni<String> fetch(Upstream upstream) {
        return client.getAbs(upstream.instances().get(0).url() + "/q/openapi").addQueryParam("format", "json")
                .timeout(timeout.toMillis()).send()
                .onFailure().transform(e -> ProblemException.unavailable(upstream.name() + " is unavailable."))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw ProblemException.unavailable(upstream.name() + " did not serve its OpenAPI document.");
                    }
                    return response.bodyAsString();
                });
    }
}
