package one.mcps.gateway.auth;

import java.util.List;

import jakarta.inject.Singleton;

import io.vertx.core.http.HttpMethod;
import one.mcps.gateway.routing.GatewayConfig;

/**
 * The forwarded paths open without a token ({@code mcps.gateway.public-paths}): each entry is {@code METHOD path} or
 * a bare {@code path} for any method; a path ending in {@code /*} covers everything below it.
 */
@Singleton
public class PublicPaths {

    private record Entry(String method, String path, boolean below) {

        boolean matches(HttpMethod requestMethod, String requestPath) {
            if (method != null && !method.equals(requestMethod.name())) {
                return false;
            }
            return below ? requestPath.startsWith(path) : requestPath.equals(path);
        }
    }

    private final List<Entry> entries;

    public PublicPaths(GatewayConfig config) {
        this.entries = config.publicPaths().stream().map(PublicPaths::parse).toList();
    }

    public boolean isPublic(HttpMethod method, String path) {
        for (Entry entry : entries) {
            if (entry.matches(method, path)) {
                return true;
            }
        }
        return false;
    }

    private static Entry parse(String spec) {
        String[] parts = spec.trim().split("\\s+", 2);
        String method = parts.length == 2 ? parts[0].toUpperCase() : null;
        String path = parts.length == 2 ? parts[1] : parts[0];
        boolean below = path.endsWith("/*");
        return new Entry(method, below ? path.substring(0, path.length() - 1) : path, below);
    }
}
