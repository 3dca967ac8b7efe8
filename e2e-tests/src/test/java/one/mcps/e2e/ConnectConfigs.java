package one.mcps.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what ./mcps connect printed the way each client reads its file, and answers the Authorization header the
 * client would send; fails when the shape is not the one that client expects or the URL is not the gateway's /mcp.
 */
final class ConnectConfigs {

    private ConnectConfigs() {
    }

    static String authorization(String client, JsonNode config, String mcpUrl) {
        return switch (client) {
            case "claude" -> claude(config.path("mcpServers").path("mcps-one"), mcpUrl);
            case "cursor" -> urlAndHeaders(client, config.path("mcpServers").path("mcps-one"), mcpUrl);
            case "vscode" -> {
                JsonNode server = config.path("servers").path("mcps-one");
                require(client, "http".equals(server.path("type").asText()), "type must be http", config);
                yield urlAndHeaders(client, server, mcpUrl);
            }
            default -> throw new IllegalArgumentException(client);
        };
    }

    /** Claude Desktop runs mcp-remote over stdio: npx -y mcp-remote@v <url> --header Authorization:${VAR}. */
    private static String claude(JsonNode server, String mcpUrl) {
        List<String> args = new ArrayList<>();
        server.path("args").forEach(a -> args.add(a.asText()));
        require("claude", "npx".equals(server.path("command").asText()), "command must be npx", server);
        require("claude", args.stream().anyMatch(a -> a.startsWith("mcp-remote@")), "args must pin mcp-remote", server);
        require("claude", args.contains(mcpUrl), "args must name " + mcpUrl, server);
        int header = args.indexOf("--header");
        require("claude", header >= 0 && header + 1 < args.size(), "args must pass --header", server);
        String value = args.get(header + 1);
        require("claude", value.startsWith("Authorization:"), "the header must be Authorization", server);
        String reference = value.substring("Authorization:".length()).trim();
        if (reference.startsWith("${") && reference.endsWith("}")) {
            String variable = reference.substring(2, reference.length() - 1);
            reference = server.path("env").path(variable).asText();
        }
        require("claude", reference.startsWith("Bearer mcps_"), "the header must carry an API key", server);
        return reference;
    }

    private static String urlAndHeaders(String client, JsonNode server, String mcpUrl) {
        require(client, mcpUrl.equals(server.path("url").asText()), "url must be " + mcpUrl, server);
        String authorization = server.path("headers").path("Authorization").asText();
        require(client, authorization.startsWith("Bearer mcps_"), "headers.Authorization must carry an API key",
                server);
        return authorization;
    }

    private static void require(String client, boolean ok, String what, JsonNode seen) {
        if (!ok) {
            throw new AssertionError("./mcps connect " + client + ": " + what + "; printed " + seen);
        }
    }
}
