package one.mcps.proxy.upstream;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import one.mcps.platform.security.ServiceTokenClient;

/** Asks tool-service which tools run now ({@code GET /internal/tools/running}, with this service's token). */
@ApplicationScoped
public class ToolServiceClient {

    private static final TypeReference<List<RunningTool>> LIST = new TypeReference<>() {
    };

    private final WebClient client;
    private final ServiceTokenClient tokens;
    private final ObjectMapper mapper;
    private final String runningUrl;

    public ToolServiceClient(Vertx vertx, ServiceTokenClient tokens, ObjectMapper mapper,
            @ConfigProperty(name = "mcps.tools.url") String toolsUrl) {
        this.client = WebClient.create(vertx);
        this.tokens = tokens;
        this.mapper = mapper;
        this.runningUrl = toolsUrl + "/internal/tools/running";
    }

    public Uni<List<RunningTool>> running() {
        return tokens.authorization()
                .chain(authorization -> client.getAbs(runningUrl).putHeader("Authorization", authorization).send())
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("tool-service answered HTTP " + response.statusCode());
                    }
                    try {
                        return mapper.readValue(response.bodyAsString(), LIST);
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("tool-service sent an unreadable tool list", e);
                    }
                });
    }
}
