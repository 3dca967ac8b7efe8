package one.mcps.observability.system;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import one.mcps.platform.security.ServiceTokenClient;

/**
 * HTTP calls to the other services: open ones (readiness) and authenticated ones ({@code /internal/**} and the
 * tool API) with this service's client-credentials token. Every call has a timeout, so a hung service is reported
 * as down instead of holding the caller.
 */
@ApplicationScoped
public class InternalClient {

    private final WebClient client;
    private final ServiceTokenClient tokens;
    private final Duration timeout;

    public InternalClient(Vertx vertx, ServiceTokenClient tokens,
            @ConfigProperty(name = "mcps.system.call-timeout") Duration timeout) {
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) timeout.toMillis()));
        this.tokens = tokens;
        this.timeout = timeout;
    }

    public Uni<HttpResponse<Buffer>> getOpen(String url) {
        return client.getAbs(url).timeout(timeout.toMillis()).send();
    }

    public Uni<HttpResponse<Buffer>> get(String url) {
        return authorized(client.getAbs(url)).chain(HttpRequest::send);
    }

    public Uni<HttpResponse<Buffer>> post(String url, Object json) {
        return authorized(client.postAbs(url)).chain(request -> json == null ? request.send()
                : request.sendJsonObject(json instanceof JsonObject o ? o : JsonObject.mapFrom(json)));
    }

    private Uni<HttpRequest<Buffer>> authorized(HttpRequest<Buffer> request) {
        return tokens.authorization().map(header -> request.timeout(timeout.toMillis())
                .putHeader("Authorization", header));
    }
}
