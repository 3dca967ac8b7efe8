package one.mcps.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 15's security regression suite: each numbered finding of the review, tried again the way an attacker with
 * a viewer, operator, admin or scoped-key credential would, through the gateway (and on the back ports where the
 * finding named one), against a stack of the real services of its own. One test per finding, named by its number.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityRegressionTest {

    private static final Duration START_DEADLINE = Duration.ofSeconds(90);
    private static final Duration EVENT_DEADLINE = Duration.ofSeconds(30);
    /** A server every role may use, and one for admins only: two copies of mcp-server-everything. */
    private static final String OPEN = "open";
    private static final String LOCKED = "locked";

    /**
     * Runtime settings travel on the broker's shared, compacted topic and would outlive the run on every stack; what
     * this suite needs differently is configuration of its own stack: rate limits no run reaches (read from setting
     * keys nobody writes), and loopback allowed as an outbound target for the remote tool of item 2.
     */
    private final E2eStack stack = new E2eStack(Map.of(
            "MCPS_REQUESTS_PER_MINUTE", "100000", "MCPS_ANONYMOUS_REQUESTS_PER_MINUTE", "100000",
            "MCPS_GATEWAY_RATE_LIMIT_SETTINGS_REQUESTS_PER_MINUTE", "security_suite_requests_per_minute",
            "MCPS_GATEWAY_RATE_LIMIT_SETTINGS_ANONYMOUS_PER_MINUTE", "security_suite_anonymous_requests_per_minute",
            "MCPS_OUTBOUND_ALLOWED_TARGETS", "127.0.0.1"));
    private final Api api = new Api(stack.gatewayUrl());
    private final String password = "sec-password-" + System.nanoTime();
    private String adminToken;
    private String operatorToken;
    private String viewerToken;

    @BeforeAll
    void bringUp() throws Exception {
        stack.startFresh();
        adminToken = api.login("admin", stack.adminPassword);
        api.createUser(adminToken, "sec-operator", password, "operator");
        api.createUser(adminToken, "sec-viewer", password, "viewer");
        operatorToken = api.login("sec-operator", password);
        viewerToken = api.login("sec-viewer", password);
        Path bin = stack.root.resolve("deploy/npm/node_modules/.bin");
        for (String server : List.of(OPEN, LOCKED)) {
            Map<String, Object> definition = new java.util.HashMap<>(Map.of("name", server, "transport", "stdio",
                    "command", bin.resolve("mcp-server-everything").toString(), "args", List.of("stdio")));
            if (LOCKED.equals(server)) {
                definition.put("allowed_roles", List.of("admin"));
            }
            Api.expect(api.as(adminToken).body(definition).post("/api/v1/tools"), 201, "POST /api/v1/tools " + server);
            Api.expect(api.as(adminToken).post("/api/v1/tools/" + server + "/start"), 202, "start " + server);
        }
        for (String server : List.of(OPEN, LOCKED)) {
            Eventually.until(server + " is running", START_DEADLINE, () -> {
                Response s = api.as(adminToken).get("/api/v1/tools/" + server + "/status");
                return "running".equals(s.jsonPath().getString("state")) ? null : s.asString();
            });
        }
        Eventually.until("/mcp lists both servers' tools to the admin", START_DEADLINE, () -> {
            List<String> tools = new Mcp(adminToken).initialize().toolNames();
            return tools.contains(OPEN + "__echo") && tools.contains(LOCKED + "__echo") ? null : tools.toString();
        });
    }

    @AfterAll
    void tearDown() {
        System.out.println(stack.down().stdout());
    }

    @Test
    @Order(1)
    void item01_aScopedKeyIsLimitedEverywhere() throws Exception {
        String key = api.createApiKey(adminToken, "admin key for open", List.of(OPEN)).jsonPath().getString("key");
        for (String path : List.of("/api/v1/users", "/api/v1/system/config", "/api/v1/system/backups",
                "/api/v1/auth/api-keys?all=true", "/api/v1/tools", "/api/v1/logs")) {
            expectProblem(api.as(key).get(path), 403, "GET " + path + " with an admin's key scoped to " + OPEN);
        }
        expectProblem(api.as(key).body(Map.of("name", "broader")).post("/api/v1/auth/api-keys"), 403,
                "a scoped key minting an unscoped key");
        expectProblem(api.as(key).body(Map.of("name", "other", "servers", List.of(LOCKED)))
                .post("/api/v1/auth/api-keys"), 403, "a scoped key minting a key for another server");
        Response bridge = backPort(2).header("Authorization", "Bearer " + key)
                .header("Accept", "application/json, text/event-stream").body(Mcp.initializeRequest())
                .post("/internal/tools/" + LOCKED + "/mcp");
        assertTrue(bridge.statusCode() == 401 || bridge.statusCode() == 403,
                "tool-service's bridge of another server with a scoped key: " + bridge.statusCode());

        // What the key may do: its own server, through MCP.
        Mcp keySession = new Mcp(key).initialize();
        List<String> tools = keySession.toolNames();
        assertTrue(tools.contains(OPEN + "__echo"), "the key sees its server: " + tools);
        assertFalse(tools.stream().anyMatch(t -> t.startsWith(LOCKED + "__")), "only its server: " + tools);
        assertEquals("ok", keySession.echo(OPEN, "scoped"), "the key calls its own server's echo");

        // A session the owner opened with a JWT is not the key's: unknown to it, and not listed.
        Mcp jwtSession = new Mcp(adminToken).initialize();
        Response foreign = new Mcp(key).resume(jwtSession.id()).post(Mcp.call(LOCKED, "echo", "through the JWT's"));
        assertEquals(404, foreign.statusCode(), "the owner's JWT session used with the scoped key: " + foreign.asString());
        Response sessions = api.as(key).get("/api/v1/sessions");
        assertFalse(sessions.asString().contains(jwtSession.id()),
                "GET /api/v1/sessions with the scoped key lists the JWT's session: " + sessions.asString());
    }

    @Test
    @Order(2)
    void item02_anOperatorCannotRedirectAnAdminsSecrets() throws Exception {
        Map<String, Object> remote = Map.of("name", "remote-secret", "transport", "streamable_http", "url",
                "http://127.0.0.1:" + (stack.gatewayPort + 90) + "/mcp", "headers",
                Map.of("Authorization", "Bearer upstream-secret"));
        Api.expect(api.as(adminToken).body(remote).post("/api/v1/tools"), 201, "admin registers a remote tool");
        Response moved = api.as(operatorToken).body(Map.of("url", "http://127.0.0.1:9/steal")).put(
                "/api/v1/tools/remote-secret");
        expectProblem(moved, 403, "an operator moving a remote tool with secret headers");
        assertEquals(remote.get("url"), api.as(adminToken).get("/api/v1/tools/remote-secret").jsonPath()
                .getString("url"), "the url is unchanged");
        expectProblem(api.as(operatorToken).body(Map.of("args", List.of("stdio", "--evil"))).put("/api/v1/tools/" + OPEN),
                403, "an operator changing a stdio tool's args");
    }

    @Test
    @Order(3)
    void item03_toolCallTasksActAsTheirCreator() throws Exception {
        Map<String, Object> task = Map.of("name", "echo locked", "type", "tool.call", "params",
                Map.of("server", LOCKED, "tool", "echo", "arguments", Map.of("message", "task-secret-result")));
        expectProblem(api.as(operatorToken).body(task).post("/api/v1/tasks"), 403,
                "an operator's tool.call task of an admin-only tool");
        Response created = Api.expect(api.as(adminToken).body(task).post("/api/v1/tasks"), 201, "admin's task");
        String id = created.jsonPath().getString("id");
        Api.expect(api.as(adminToken).post("/api/v1/tasks/" + id + "/start"), 202, "start the task");
        Eventually.until("the admin's task finished", START_DEADLINE, () -> {
            Response t = api.as(adminToken).get("/api/v1/tasks/" + id);
            return List.of("succeeded", "completed", "done").contains(t.jsonPath().getString("state")) ? null
                    : t.asString();
        });
        Response seenByAdmin = api.as(adminToken).get("/api/v1/tasks/" + id);
        assertTrue(String.valueOf(seenByAdmin.jsonPath().getMap("result")).contains("task-secret-result"),
                "the admin sees the result: " + seenByAdmin.asString());
        Response seenByViewer = Api.expect(api.as(viewerToken).get("/api/v1/tasks/" + id), 200, "viewer reads task");
        assertNull(seenByViewer.jsonPath().get("result"), "a viewer sees an admin-only tool's result: "
                + seenByViewer.asString());
        assertEquals(Boolean.TRUE, seenByViewer.jsonPath().get("result_hidden"), seenByViewer.asString());
        Thread.sleep(2000);
        Response logged = api.as(adminToken).queryParam("q", "task-secret-result").get("/api/v1/logs/search");
        List<String> hits = logged.jsonPath().getList("items.entry.category");
        assertFalse(hits != null && hits.contains("operation"),
                "the task's result reached the log: " + logged.asString());
    }

    @Test
    @Order(4)
    void item04_aSessionUsesTheCallersCurrentRoles() throws Exception {
        String userId = api.createUser(adminToken, "sec-demoted", password, "admin");
        String asAdmin = api.login("sec-demoted", password);
        Mcp session = new Mcp(asAdmin).initialize();
        assertEquals("ok", session.echo(LOCKED, "while admin"), "an admin calls the admin-only tool");

        Api.expect(api.as(adminToken).body(Map.of("roles", List.of("viewer"))).put("/api/v1/users/" + userId), 200,
                "demote sec-demoted to viewer");
        Eventually.until("the demoted user's admin token is refused", EVENT_DEADLINE, () -> {
            int status = api.as(asAdmin).get("/api/v1/auth/me").statusCode();
            return status == 401 ? null : "GET /api/v1/auth/me answered " + status;
        });
        String asViewer = api.login("sec-demoted", password);
        Response call = new Mcp(asViewer).resume(session.id()).post(Mcp.call(LOCKED, "echo", "after demotion"));
        assertFalse(call.statusCode() == 200 && call.asString().contains("Echo: after demotion"),
                "the demoted user still calls the admin-only tool in the old session: " + call.asString());
    }

    @Test
    @Order(5)
    void item05_oneRefreshTokenRotatesOnce() throws Exception {
        for (int attempt = 0; attempt < 4; attempt++) {
            String refresh = api.anonymous().body(Map.of("username", "sec-viewer", "password", password))
                    .post("/api/v1/auth/login").jsonPath().getString("refresh_token");
            List<Integer> statuses = parallel(2, () -> api.anonymous().body(Map.of("refresh_token", refresh))
                    .post("/api/v1/auth/refresh").statusCode());
            assertEquals(1, statuses.stream().filter(s -> s == 200).count(),
                    "two parallel refreshes with one token, try " + attempt + ": " + statuses);
        }
        // Reuse detection revoked the family; the owner logs in again and is served at once.
        String fresh = api.login("sec-viewer", password);
        Api.expect(api.as(fresh).get("/api/v1/auth/me"), 200, "GET /api/v1/auth/me with a login after the race");
        viewerToken = fresh;
    }

    @Test
    @Order(6)
    void item06_theLiveStreamClosesWhenItsTokenIsRevoked() throws Exception {
        api.createUser(adminToken, "sec-live", password, "viewer");
        String token = api.login("sec-live", password);
        try (LiveStream live = LiveStream.connect(stack.gatewayUrl(), token)) {
            live.subscribe("tool-status");
            Api.expect(api.as(token).post("/api/v1/auth/logout"), 204, "logout");
            Eventually.until("the WebSocket closes after logout", EVENT_DEADLINE,
                    () -> live.closedWith() == null ? "still open" : null);
            assertTrue(live.closedWith().matches("(1008|4401|4403) .*revoked.*"),
                    "close code and reason: " + live.closedWith());
        }
    }

    @Test
    @Order(7)
    void item07_auditEntriesAreAppendOnlyBelowAdmin() throws Exception {
        // Audit events (logins, user changes) are the log's operation entries.
        Eventually.until("an audit entry exists", EVENT_DEADLINE, () -> {
            List<Object> ids = api.as(adminToken).queryParam("category", "operation").get("/api/v1/logs").jsonPath()
                    .getList("items.id");
            return ids == null || ids.isEmpty() ? "none yet" : null;
        });
        long id = api.as(adminToken).queryParam("category", "operation").get("/api/v1/logs").jsonPath()
                .getLong("items[0].id");
        expectProblem(api.as(operatorToken).delete("/api/v1/logs/" + id), 403, "an operator deleting an audit entry");
        Response cleanup = api.as(operatorToken).queryParam("older_than_days", 0).delete("/api/v1/logs/cleanup");
        assertTrue(cleanup.statusCode() == 400 || cleanup.statusCode() == 403 || cleanup.statusCode() == 422,
                "cleanup older_than_days=0 by an operator: " + cleanup.statusCode() + " " + cleanup.asString());
        Api.expect(api.as(adminToken).get("/api/v1/logs/" + id), 200, "the entry is still there");
        Api.expect(api.as(adminToken).delete("/api/v1/logs/" + id), 204, "an admin deletes it");
        Eventually.until("the deletion is itself audited", EVENT_DEADLINE, () -> {
            Response r = api.as(adminToken).queryParam("q", String.valueOf(id)).get("/api/v1/logs/search");
            return r.asString().contains("delet") ? null : r.asString();
        });
    }

    @Test
    @Order(8)
    void item08_internalIsForServiceTokensOnly() {
        String key = api.createApiKey(adminToken, "admin key", List.of(OPEN)).jsonPath().getString("key");
        for (String bearer : List.of(adminToken, key)) {
            Response running = backPort(2).header("Authorization", "Bearer " + bearer).get("/internal/tools/running");
            assertEquals(403, running.statusCode(), "GET :tool/internal/tools/running as admin: " + running.asString());
            assertFalse(running.asString().contains("upstream-secret"), "a secret came back");
        }
        assertNotEquals(200, api.as(adminToken).get("/internal/tools/running").statusCode(),
                "/internal through the gateway");
    }

    @Test
    @Order(9)
    void item09_failedLoginsFromOneAddressDoNotLockTheAccountForOthers() throws Exception {
        api.createUser(adminToken, "sec-victim", password, "viewer");
        for (int i = 0; i < 8; i++) {
            Curl.Result wrong = Curl.from("127.0.0.5").post(stack.gatewayUrl() + "/api/v1/auth/login",
                    "{\"username\":\"sec-victim\",\"password\":\"wrong\"}", Map.of());
            assertTrue(wrong.status() == 401 || wrong.status() == 429, "wrong password: " + wrong);
        }
        Response own = api.anonymous().body(Map.of("username", "sec-victim", "password", password))
                .post("/api/v1/auth/login");
        assertEquals(200, own.statusCode(), "the victim logs in from another address after a stranger's failures: "
                + own.asString());
        Curl.Result unknown = Curl.from("127.0.0.6").post(stack.gatewayUrl() + "/api/v1/auth/login",
                "{\"username\":\"sec-nobody\",\"password\":\"wrong\"}", Map.of());
        Curl.Result known = Curl.from("127.0.0.6").post(stack.gatewayUrl() + "/api/v1/auth/login",
                "{\"username\":\"sec-victim\",\"password\":\"wrong\"}", Map.of());
        assertEquals(unknown.status(), known.status(), "an unknown and a known user fail alike");
    }

    @Test
    @Order(10)
    void item10_backServicesListenOnLoopbackOnly() throws Exception {
        Map<Integer, List<String>> listening = Listening.tcp();
        assertTrue(listening.getOrDefault(stack.gatewayPort, List.of()).stream().anyMatch(Listening::isWildcard),
                "the gateway listens on every interface: " + listening.get(stack.gatewayPort));
        for (int port = stack.gatewayPort + 1; port <= stack.gatewayPort + 4; port++) {
            List<String> addresses = listening.getOrDefault(port, List.of());
            assertFalse(addresses.isEmpty(), "nothing listens on " + port);
            assertTrue(addresses.stream().allMatch(Listening::isLoopback), "port " + port + " listens on " + addresses);
        }
    }

    @Test
    @Order(11)
    void item11_privateTargetsAreRefused() {
        for (String url : List.of("http://169.254.169.254/latest/meta-data", "http://10.0.0.1/mcp")) {
            Response r = api.as(adminToken).body(Map.of("name", "ssrf-" + Math.abs(url.hashCode() % 1000),
                    "transport", "streamable_http", "url", url)).post("/api/v1/tools");
            expectProblem(r, 422, "a remote tool at " + url);
            assertTrue(r.jsonPath().getString("type").endsWith("/outbound-target-refused"), r.asString());
        }
        Response hook = api.as(adminToken).body(Map.of("name", "ssrf hook", "metric", "tool_failed", "threshold", 1,
                "webhook_url", "http://169.254.169.254/hook")).post("/api/v1/monitoring/alerts");
        expectProblem(hook, 422, "an alert webhook at the metadata address");
    }

    @Test
    @Order(12)
    void item12_logOutputIsEscaped() throws Exception {
        String marker = "sec" + System.nanoTime();
        String formula = "=HYPERLINK(\"http://x\")" + marker;
        String html = "<img src=x onerror=alert(1)>" + marker;
        for (String username : List.of(formula, html, marker + "\r\nforged")) {
            api.anonymous().body(Map.of("username", username, "password", "wrong")).post("/api/v1/auth/login");
        }
        Eventually.until("the three failed logins are logged", EVENT_DEADLINE, () -> {
            Response r = api.as(adminToken).queryParam("q", marker).get("/api/v1/logs/search");
            List<Object> items = r.jsonPath().getList("items");
            return items != null && items.size() >= 3 ? null : r.asString();
        });
        Response search = api.as(adminToken).queryParam("q", marker).get("/api/v1/logs/search");
        String snippets = search.jsonPath().getList("items.snippet").toString();
        assertTrue(snippets.contains("<mark>"), "matches are marked: " + snippets);
        assertFalse(snippets.replace("<mark>", "").replace("</mark>", "").contains("<"),
                "a search snippet returns stored HTML: " + snippets);
        String messages = api.as(adminToken).queryParam("q", marker).get("/api/v1/logs/search").jsonPath()
                .getList("items.entry.message").toString();
        assertFalse(messages.contains("\r") || messages.contains("\n"), "raw CR/LF in a log message: " + messages);
        Response export = api.as(adminToken).accept("*/*").queryParam("format", "csv").queryParam("q", marker)
                .get("/api/v1/logs/export");
        assertEquals(200, export.statusCode(), "the CSV export: " + export.asString());
        String csv = export.asString();
        assertTrue(csv.contains(marker), "the CSV export has the entry to check: " + csv);
        assertFalse(csv.lines().anyMatch(line -> line.contains(",=HYPERLINK") || line.contains(",\"=HYPERLINK")),
                "a formula reaches the CSV export: " + csv);
    }

    @Test
    @Order(13)
    void item13_forwardedForIsTrustedOnlyFromTheGateway() throws Exception {
        // Any local process (127.0.0.1) calling identity's port directly, and a client through the gateway, each
        // claiming another address: neither is believed; the gateway alone (from 127.0.0.2) names the client.
        String direct = "sec-forged-direct-" + System.nanoTime();
        backPort(1).header("X-Forwarded-For", "203.0.113.9")
                .body(Map.of("username", direct, "password", "wrong")).post("/api/v1/auth/login");
        String viaGateway = "sec-forged-gateway-" + System.nanoTime();
        api.anonymous().header("X-Forwarded-For", "203.0.113.10")
                .body(Map.of("username", viaGateway, "password", "wrong")).post("/api/v1/auth/login");
        for (String username : List.of(direct, viaGateway)) {
            Eventually.until("the failed login of " + username + " is logged", EVENT_DEADLINE, () -> {
                Response r = api.as(adminToken).queryParam("q", username).get("/api/v1/logs/search");
                List<Object> items = r.jsonPath().getList("items");
                return items != null && !items.isEmpty() ? null : r.asString();
            });
            String entry = api.as(adminToken).queryParam("q", username).get("/api/v1/logs/search").asString();
            assertFalse(entry.contains("203.0.113."), "a forged X-Forwarded-For is the audit address: " + entry);
            assertTrue(entry.contains("127.0.0.1"), "the caller's real address is audited: " + entry);
        }
    }

    @Test
    @Order(14)
    void item14_aBodyTheGatewayCannotCountIsRefused() {
        Mcp session = new Mcp(adminToken).initialize();
        String batch = IntStream.range(0, 130).mapToObj(i -> "{\"jsonrpc\":\"2.0\",\"id\":" + (100 + i)
                + ",\"method\":\"tools/call\",\"params\":{\"name\":\"open__echo\",\"arguments\":{\"message\":\"x\"}}}")
                .collect(Collectors.joining(",", "/*x*/[", "]"));
        Response r = session.post(batch);
        assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, "a commented batch of 130 calls: "
                + r.statusCode() + " " + r.asString());
        assertFalse(r.asString().contains("Echo: x"), "some calls were answered");
    }

    @Test
    @Order(15)
    void item15_htmlPagesAreHardened() {
        for (String page : List.of("/docs", "/redoc")) {
            Response r = api.anonymous().accept("text/html").redirects().follow(true).get(page);
            assertEquals(200, r.statusCode(), page);
            assertEquals("nosniff", r.getHeader("X-Content-Type-Options"), page);
            assertNotNull(r.getHeader("Content-Security-Policy"), page + " has no CSP");
        }
        String redoc = api.anonymous().accept("text/html").get("/redoc").asString();
        assertFalse(redoc.contains("cdn.") || redoc.contains("@latest") || redoc.contains("src=\"http"),
                "/redoc loads a script from elsewhere: " + redoc);
    }

    // --- helpers

    private RequestSpecification backPort(int offset) {
        return io.restassured.RestAssured.given().baseUri("http://127.0.0.1:" + (stack.gatewayPort + offset))
                .contentType("application/json");
    }

    private static void expectProblem(Response r, int status, String what) {
        Api.expect(r, status, what);
        assertTrue(r.getContentType().startsWith("application/problem+json"), what + ": " + r.getContentType());
    }

    private static <T> List<T> parallel(int n, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> futures = pool.invokeAll(java.util.Collections.nCopies(n, task));
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A raw Streamable-HTTP MCP session through the gateway's /mcp. */
    private final class Mcp {
        private final String bearer;
        private String id;

        Mcp(String bearer) {
            this.bearer = bearer;
        }

        static Map<String, Object> initializeRequest() {
            return Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize", "params", Map.of("protocolVersion",
                    "2025-06-18", "capabilities", Map.of(), "clientInfo", Map.of("name", "mcps-security", "version",
                            "1")));
        }

        static Map<String, Object> call(String server, String tool, String message) {
            return Map.of("jsonrpc", "2.0", "id", 7, "method", "tools/call", "params",
                    Map.of("name", server + "__" + tool, "arguments", Map.of("message", message)));
        }

        Mcp initialize() {
            Response r = Api.expect(request().body(initializeRequest()).post("/mcp"), 200, "POST /mcp initialize");
            id = r.getHeader("Mcp-Session-Id");
            assertNotNull(id, "initialize answered no Mcp-Session-Id");
            request().body(Map.of("jsonrpc", "2.0", "method", "notifications/initialized")).post("/mcp");
            return this;
        }

        Mcp resume(String sessionId) {
            this.id = sessionId;
            return this;
        }

        String id() {
            return id;
        }

        Response post(Object body) {
            return request().body(body).post("/mcp");
        }

        List<String> toolNames() {
            Response r = post(Map.of("jsonrpc", "2.0", "id", 2, "method", "tools/list"));
            List<String> names = r.statusCode() == 200 ? r.jsonPath().getList("result.tools.name") : null;
            return names == null ? List.of("HTTP " + r.statusCode() + " " + r.asString()) : names;
        }

        /** "ok" when echo answered the message, else what came back. */
        String echo(String server, String message) {
            Response r = post(call(server, "echo", message));
            return r.statusCode() == 200 && r.asString().contains("Echo: " + message) ? "ok"
                    : r.statusCode() + " " + r.asString();
        }

        private RequestSpecification request() {
            RequestSpecification spec = api.as(bearer).header("Accept", "application/json, text/event-stream");
            return id == null ? spec : spec.header("Mcp-Session-Id", id);
        }
    }

    /** curl from a chosen loopback source address: how a second client machine looks to the gateway. */
    private static final class Curl {
        record Result(int status, String body) {
        }

        private final String source;

        private Curl(String source) {
            this.source = source;
        }

        static Curl from(String source) {
            return new Curl(source);
        }

        Result post(String url, String json, Map<String, String> headers) {
            List<String> command = new ArrayList<>(List.of("curl", "-s", "--interface", source, "-o", "-", "-w",
                    "\n%{http_code}", "-H", "Content-Type: application/json", "--data", json));
            headers.forEach((k, v) -> command.addAll(List.of("-H", k + ": " + v)));
            command.add(url);
            Processes.Result r = Processes.run(command, Path.of("."), Map.of(), Duration.ofSeconds(60));
            String out = r.stdout().stripTrailing();
            int cut = out.lastIndexOf('\n');
            return new Result(Integer.parseInt(out.substring(cut + 1).trim()), cut < 0 ? "" : out.substring(0, cut));
        }
    }

    /** What listens on which TCP port, from /proc/net/tcp and tcp6. */
    private static final class Listening {
        static Map<Integer, List<String>> tcp() throws Exception {
            Map<Integer, List<String>> byPort = new java.util.HashMap<>();
            for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                List<String> lines = Files.readAllLines(Path.of(file));
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.trim().split("\\s+");
                    if (!"0A".equals(f[3])) {
                        continue;
                    }
                    String[] local = f[1].split(":");
                    byPort.computeIfAbsent(Integer.parseInt(local[1], 16), p -> new ArrayList<>()).add(local[0]);
                }
            }
            return byPort;
        }

        static boolean isWildcard(String hex) {
            return hex.chars().allMatch(c -> c == '0');
        }

        /** 127.x.x.x (little-endian hex in tcp) or ::1 / ::ffff:127.x in tcp6. */
        static boolean isLoopback(String hex) {
            return hex.length() == 8 ? hex.endsWith("7F") : hex.equals("00000000000000000000000001000000")
                    || hex.matches("0000000000000000FFFF0000..00007F");
        }
    }
}
