package one.mcps.tools.lifecycle;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.core.buffer.Buffer;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.errors.ProblemType;
import one.mcps.platform.security.ServiceTokenClient;
import one.mcps.tools.ownership.OwnershipConfig;

/**
 * Hands a start, stop, restart or status of a tool to the instance that owns it ({@code /internal/tools/{id}/owned/…}
 * on that instance's own address from the registry, with this service's token), and gives back what the owner
 * answered: its status, or its problem with the same HTTP status. An owner that does not answer is a 503.
 */
@ApplicationScoped
public class OwnerForwarder {

    static final String PATH = "/internal/tools/%s/owned/%s";
    private static final Logger LOG = Logger.getLogger(OwnerForwarder.class);

    private final WebClient web;
    private final ServiceTokenClient tokens;
    private final ObjectMapper mapper;
    private final long timeoutMs;

    public OwnerForwarder(Vertx vertx, ServiceTokenClient tokens, ObjectMapper mapper, OwnershipConfig config) {
        this.web = WebClient.create(vertx);
        this.tokens = tokens;
        this.mapper = mapper;
        this.timeoutMs = config.forwardTimeout().toMillis();
    }

    /** {@code action} is start, stop, restart (POST) or status (GET). */
    public Uni<ToolStatus> forward(String ownerBase, String owner, UUID toolId, String action) {
        HttpMethod method = "status".equals(action) ? HttpMethod.GET : HttpMethod.POST;
        String url = ownerBase + String.format(PATH, toolId, action);
        return tokens.authorization()
                .chain(authorization -> web.requestAbs(method, url).putHeader("Authorization", authorization)
                        .putHeader("Accept", "application/json").timeout(timeoutMs).send())
                .onFailure(f -> !(f instanceof ProblemException)).transform(f -> {
                    LOG.warnf("Instance %s (%s), which owns tool %s, did not answer: %s", owner, ownerBase, toolId,
                            f.getMessage());
                    return ProblemException.unavailable("The instance that runs this tool (" + owner
                            + ") did not answer; try again shortly.");
                })
                .map(response -> answer(response, owner));
    }

    private ToolStatus answer(HttpResponse<Buffer> response, String owner) {
        int code = response.statusCode();
        try {
            if (code >= 200 && code < 300) {
                return mapper.readValue(response.bodyAsString(), ToolStatus.class);
            }
            JsonNode problem = mapper.readTree(response.bodyAsString() == null ? "{}" : response.bodyAsString());
            throw new ProblemException(ProblemType.forStatus(code), problem.path("detail").asText(
                    "The instance that runs this tool (" + owner + ") answered HTTP " + code + "."));
        } catch (java.io.IOException e) {
            throw ProblemException.unavailable("The instance that runs this tool (" + owner
                    + ") gave an answer that is not JSON.");
        }
    }
}
