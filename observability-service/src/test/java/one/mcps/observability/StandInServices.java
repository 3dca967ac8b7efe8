package one.mcps.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import one.mcps.testing.TestTokens;

/**
 * Small HTTP servers standing in for the other services (identity, tools, proxy, gateway, and this service's own
 * URL) and for a webhook receiver. Each answers readiness, {@code /internal/info}; identity issues service tokens
 * and verifies the API keys of {@link #API_KEYS};
 * tools knows two tools, restarts "alpha", exports and imports its tool list. A test can make a service DOWN
 * (readiness 503) or CLOSED (nothing listens on its port).
 */
public class StandInServices implements QuarkusTestResourceLifecycleManager {

    public enum Mode {
        UP, DOWN, CLOSED
    }

    public static final List<String> NAMES = List.of("identity", "tools", "proxy", "observability", "gateway");
    private static final Map<String, HttpServer> SERVERS = new ConcurrentHashMap<>();
    private static final Map<String, Integer> PORTS = new ConcurrentHashMap<>();
    private static final Map<String, Mode> MODES = new ConcurrentHashMap<>();
    /** "METHOD path" of every request the tools stand-in received with a bearer token. */
    public static final List<String> TOOL_CALLS = new CopyOnWriteArrayList<>();
    /**
     * API keys identity knows: the key as a client presents it, and its owner as {@code POST
     * /internal/api-keys/verify} answers (a key missing here is unknown: 404, like a revoked or expired one).
     */
    public static final Map<String, String> API_KEYS = new ConcurrentHashMap<>();
    /** Bodies of the webhook POSTs received. */
    public static final List<String> WEBHOOKS = new CopyOnWriteArrayList<>();
    /** The tools stand-in's tool list, as its export shows it and its import replaces it. */
    public static volatile String toolsJson = "[{\"id\":\"t-1\",\"name\":\"alpha\"},{\"id\":\"t-2\",\"name\":\"beta\"}]";
    private static HttpServer webhook;

    @Override
    public Map<String, String> start() {
        NAMES.forEach(name -> {
            MODES.put(name, Mode.UP);
            serve(name, 0);
        });
        try {
            webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        webhook.createContext("/", exchange -> {
            WEBHOOKS.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            respond(exchange, 204, "");
        });
        webhook.start();
        return Map.of("mcps.identity.url", url("identity"), "mcps.tools.url", url("tools"),
                "mcps.proxy.url", url("proxy"), "mcps.observability.url", url("observability"),
                "mcps.gateway.url", url("gateway"));
    }

    @Override
    public void stop() {
        SERVERS.values().forEach(s -> s.stop(0));
        SERVERS.clear();
        if (webhook != null) {
            webhook.stop(0);
        }
    }

    public static String webhookUrl() {
        return "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook";
    }

    public static String url(String name) {
        return "http://127.0.0.1:" + PORTS.get(name);
    }

    public static synchronized void mode(String name, Mode mode) {
        Mode before = MODES.put(name, mode);
        if (mode == Mode.CLOSED && before != Mode.CLOSED) {
            SERVERS.remove(name).stop(0);
        } else if (mode != Mode.CLOSED && before == Mode.CLOSED) {
            serve(name, PORTS.get(name));
        }
    }

    private static void serve(String name, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            server.createContext("/", exchange -> handle(name, exchange));
            server.start();
            SERVERS.put(name, server);
            PORTS.put(name, server.getAddress().getPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void handle(String name, HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        byte[] body = exchange.getRequestBody().readAllBytes();
        boolean authorized = exchange.getRequestHeaders().getFirst("Authorization") != null;
        if (path.equals("/q/health/ready")) {
            boolean up = MODES.get(name) == Mode.UP;
            respond(exchange, up ? 200 : 503, "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"checks\":[]}");
        } else if (name.equals("identity") && path.equals("/api/v1/auth/token")) {
            respond(exchange, 200, "{\"access_token\":\"" + TestTokens.service() + "\",\"expires_in\":1800}");
        } else if (!authorized) {
            respond(exchange, 401, "{\"status\":401}");
        } else if (name.equals("identity") && path.equals("/internal/api-keys/verify")) {
            String json = new String(body, StandardCharsets.UTF_8);
            String owner = API_KEYS.entrySet().stream().filter(e -> json.contains("\"" + e.getKey() + "\""))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            respond(exchange, owner == null ? 404 : 200, owner == null ? "{\"status\":404}" : owner);
        } else if (path.equals("/internal/info")) {
            respond(exchange, 200, "{\"service\":\"" + name + "-service\",\"version\":\"0.1.0-test\",\"instance\":\"i1\","
                    + "\"uptime_s\":5,\"java\":\"17\",\"host\":\"h\",\"available_processors\":2,"
                    + "\"heap_used_bytes\":1000,\"heap_max_bytes\":2000}");
        } else if (name.equals("tools")) {
            TOOL_CALLS.add(method + " " + path);
            tools(exchange, method, path, body);
        } else {
            respond(exchange, 404, "{\"status\":404}");
        }
    }

    private static void tools(HttpExchange exchange, String method, String path, byte[] body) throws IOException {
        if (path.equals("/internal/tools/processes")) {
            respond(exchange, 200, "[{\"tool\":\"alpha\",\"pid\":4242,\"state\":\"running\",\"cpu_percent\":1.5,"
                    + "\"rss_bytes\":1000,\"uptime_s\":60,\"restarts\":0}]");
        } else if (path.equals("/api/v1/tools")) {
            respond(exchange, 200, "{\"items\":" + toolsJson + ",\"total\":2}");
        } else if (path.equals("/api/v1/tools/alpha/restart") && method.equals("POST")) {
            respond(exchange, 200, "{\"name\":\"alpha\",\"state\":\"starting\"}");
        } else if (path.startsWith("/api/v1/tools/") && path.endsWith("/restart")) {
            respond(exchange, 404, "{\"status\":404,\"detail\":\"No such tool\"}");
        } else if (path.equals("/internal/export")) {
            respond(exchange, 200, "{\"service\":\"tool-service\",\"tools\":" + toolsJson + "}");
        } else if (path.equals("/internal/import") && method.equals("POST")) {
            String json = new String(body, StandardCharsets.UTF_8);
            toolsJson = json.substring(json.indexOf("\"tools\":") + 8, json.lastIndexOf('}'));
            respond(exchange, 200, "{\"imported\":true}");
        } else {
            respond(exchange, 404, "{\"status\":404}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }
}
