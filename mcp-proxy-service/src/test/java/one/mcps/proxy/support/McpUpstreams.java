package one.mcps.proxy.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Real upstream MCP servers for the proxy's tests, and a stand-in for tool-service: two
 * {@code mcp-server-everything} processes (Streamable HTTP and the legacy SSE transport), a scripted server on the
 * TypeScript SDK that reports what the proxy did to it ({@code scripted-upstream.cjs}: sessions, cancellations,
 * roots), and a small HTTP server answering {@code GET /internal/tools/running} (and identity's token endpoint, for
 * the service token, and its API-key check, {@code POST /internal/api-keys/verify}). Tests change the running list
 * through {@code PUT /stub/running}, read how often it was asked at {@code GET /stub/requests}, and make API keys
 * known with {@code PUT /stub/api-keys?key=} (the body is the owner identity-service would answer). The scripted server runs twice in the list: {@code scripted} (shared) and
 * {@code isolated} ({@code sharing: per_session}).
 */
public class McpUpstreams implements QuarkusTestResourceLifecycleManager {

    private final List<Process> processes = new ArrayList<>();
    private HttpServer stub;

    @Override
    public Map<String, String> start() {
        int streamable = freePort();
        int sse = freePort();
        int scripted = freePort();
        processes.add(everything("streamableHttp", streamable));
        processes.add(everything("sse", sse));
        processes.add(scripted(scripted));
        waitForPort(streamable);
        waitForPort(sse);
        waitForPort(scripted);
        String everythingUrl = "http://127.0.0.1:" + streamable + "/mcp";
        String legacyUrl = "http://127.0.0.1:" + sse + "/sse";
        String scriptedUrl = "http://127.0.0.1:" + scripted + "/mcp";
        stub = startStub(running(everythingUrl, legacyUrl, scriptedUrl, true));
        String stubUrl = "http://127.0.0.1:" + stub.getAddress().getPort();
        return Map.of("mcps.tools.url", stubUrl, "mcps.identity.url", stubUrl,
                "mcps.test.everything-url", everythingUrl, "mcps.test.legacy-url", legacyUrl,
                "mcps.test.scripted-url", scriptedUrl);
    }

    /** The running list the tests start with; {@code withRestricted} false leaves the operators-only tool out. */
    public static String running(String everythingUrl, String legacyUrl, String scriptedUrl, boolean withRestricted) {
        return "[" + tool("everything", "streamable_http", everythingUrl, "[]")
                + (withRestricted ? "," + tool("restricted", "streamable_http", everythingUrl, "[\"operator\"]") : "")
                + "," + tool("legacy", "sse", legacyUrl, "[]")
                + "," + tool("scripted", "streamable_http", scriptedUrl, "[]")
                + "," + tool("isolated", "streamable_http", scriptedUrl, "[]", "per_session") + "]";
    }

    /** A tool as tool-service's {@code /internal/tools/running} shows it. */
    public static String tool(String name, String transport, String url, String allowedRoles) {
        return tool(name, transport, url, allowedRoles, "shared");
    }

    public static String tool(String name, String transport, String url, String allowedRoles, String sharing) {
        return "{\"id\":\"" + name + "-id\",\"name\":\"" + name + "\",\"display_name\":\"" + name
                + "\",\"transport\":\"" + transport + "\",\"url\":\"" + url + "\",\"headers\":{},\"allowed_roles\":"
                + allowedRoles + ",\"call_timeout_ms\":10000,\"max_concurrency\":null,\"sharing\":\"" + sharing
                + "\",\"tags\":[],\"state\":\"running\",\"server_info\":null,\"capabilities\":null}";
    }

    private Process everything(String mode, int port) {
        Path bin = Path.of(System.getProperty("mcps.home", "../"), "deploy/npm/node_modules/.bin/mcp-server-everything");
        ProcessBuilder builder = new ProcessBuilder(bin.toString(), mode).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PORT", Integer.toString(port));
        try {
            return builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start " + bin + "; run npm install in deploy/npm", e);
        }
    }

    private Process scripted(int port) {
        Path sdk = Path.of(System.getProperty("mcps.home", "../"),
                "deploy/npm/node_modules/@modelcontextprotocol/sdk/dist/cjs").toAbsolutePath();
        Path script;
        try {
            script = Path.of(McpUpstreams.class.getResource("/scripted-upstream.cjs").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        ProcessBuilder builder = new ProcessBuilder("node", script.toString(), sdk.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PORT", Integer.toString(port));
        try {
            return builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the scripted upstream (node " + script + ")", e);
        }
    }

    private static HttpServer startStub(String initial) {
        AtomicReference<String> running = new AtomicReference<>(initial);
        AtomicInteger requests = new AtomicInteger();
        Map<String, String> apiKeys = new ConcurrentHashMap<>();
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/internal/tools/running", exchange -> {
                requests.incrementAndGet();
                boolean authorized = "Bearer stub-service-token".equals(exchange.getRequestHeaders().getFirst("Authorization"));
                reply(exchange, authorized ? 200 : 401, authorized ? running.get() : "{}");
            });
            server.createContext("/api/v1/auth/token",
                    exchange -> reply(exchange, 200, "{\"access_token\":\"stub-service-token\",\"expires_in\":300}"));
            server.createContext("/stub/running", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    running.set(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
                reply(exchange, 204, null);
            });
            server.createContext("/internal/api-keys/verify", exchange -> {
                String body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                Matcher key = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
                String owner = key.find() ? apiKeys.get(key.group(1)) : null;
                reply(exchange, owner == null ? 404 : 200, owner == null ? "{}" : owner);
            });
            server.createContext("/stub/api-keys", exchange -> {
                String key = exchange.getRequestURI().getQuery().substring("key=".length());
                try (InputStream in = exchange.getRequestBody()) {
                    apiKeys.put(key, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
                reply(exchange, 204, null);
            });
            server.createContext("/stub/requests", exchange -> reply(exchange, 200, Integer.toString(requests.get())));
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the tool-service stand-in", e);
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitForPort(int port) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("An upstream did not open port " + port);
    }

    @Override
    public void stop() {
        processes.forEach(p -> p.descendants().forEach(ProcessHandle::destroy));
        processes.forEach(Process::destroy);
        if (stub != null) {
            stub.stop(0);
        }
    }
}
