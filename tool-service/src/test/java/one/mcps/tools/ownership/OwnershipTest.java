package one.mcps.tools.ownership;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Tuple;
import one.mcps.platform.events.ToolStatusChanged;
import one.mcps.platform.events.Topics;
import one.mcps.platform.outbox.OutboxRelay;
import one.mcps.platform.outbox.SqlOutbox;
import one.mcps.testing.KafkaProbe;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;
import one.mcps.tools.db.Database;
import one.mcps.tools.lifecycle.StatusWriter;
import one.mcps.tools.lifecycle.SupervisorConfig;
import one.mcps.tools.registry.ToolRepository;
import one.mcps.tools.support.McpHttpClient;
import one.mcps.tools.support.Tools;
import one.mcps.tools.tasks.StandInProxy;

/**
 * Several instances on one database (issue 17): the service under test is one instance; others are {@link Leases}
 * of their own instance ids on the same database, or rows of instances that "run" elsewhere.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(StandInProxy.class)
class OwnershipTest {

    private static final Duration SHORT_TTL = Duration.ofMillis(1500);

    @Inject
    Database db;
    @Inject
    ToolRepository repository;
    @Inject
    SqlOutbox outbox;
    @Inject
    OutboxRelay relay;
    @Inject
    SupervisorConfig supervisorConfig;
    @Inject
    Leases self;
    @ConfigProperty(name = "quarkus.http.test-port")
    int testPort;

    @Test
    void ofTwoInstancesReachingForTheSameToolsExactlyOneGetsEach() {
        Leases a = other("a", "http://127.0.0.1:1");
        Leases b = other("b", "http://127.0.0.1:2");
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(UUID.fromString(Tools.create(Map.of("name", Tools.unique("own"), "transport", "stdio",
                    "command", "/bin/cat"))));
        }
        try {
            for (UUID id : ids) {
                List<Long> got = Uni.combine().all().unis(a.acquire(id), b.acquire(id))
                        .with((Long x, Long y) -> java.util.Arrays.asList(x, y)).await().atMost(Duration.ofSeconds(10));
                assertEquals(1, got.stream().filter(g -> g != null).count(), "generations " + got);
                Leases.Lease lease = self.lease(id).await().indefinitely();
                assertTrue(lease.live(), lease.toString());
                assertTrue(List.of(a.instanceId(), b.instanceId()).contains(lease.owner()), lease.toString());
            }
        } finally {
            ids.forEach(id -> Tools.delete(id.toString()));
        }
    }

    @Test
    void aLeaseNotRenewedIsTakenOverWithinItsTtlUnderANewGeneration() {
        Leases a = other("a", "http://127.0.0.1:1");
        Leases b = other("b", "http://127.0.0.1:2");
        UUID id = UUID.fromString(Tools.create(Map.of("name", Tools.unique("expire"), "transport", "stdio",
                "command", "/bin/cat")));
        try {
            long first = a.acquire(id).await().indefinitely();
            assertNull(b.acquire(id).await().indefinitely(), "b took a live lease");
            // a's request that raced a's own round: confirmed under the same generation, never refused or re-fenced
            assertEquals(first, a.acquire(id).await().indefinitely());
            assertEquals(Map.of(id, first), a.renew().await().indefinitely());
            long renewed = System.nanoTime();
            // a stops renewing (paused, or killed)
            Long[] taken = new Long[1];
            Awaitility.await().atMost(SHORT_TTL.plusSeconds(2)).pollInterval(Duration.ofMillis(50))
                    .until(() -> (taken[0] = b.acquire(id).await().indefinitely()) != null);
            Duration after = Duration.ofNanos(System.nanoTime() - renewed);
            assertTrue(after.compareTo(SHORT_TTL.minusMillis(300)) >= 0, "taken over too early: " + after);
            assertEquals(first + 1, taken[0]);
            assertEquals(Map.of(), a.renew().await().indefinitely(), "a still renews a lease it lost");
            System.out.printf("lease takeover after %d ms (ttl %d ms)%n", after.toMillis(), SHORT_TTL.toMillis());
        } finally {
            Tools.delete(id.toString());
        }
    }

    @Test
    void aLateRenewalKeepsALeaseNobodyTook() {
        Leases a = other("a", "http://127.0.0.1:1");
        UUID id = UUID.fromString(Tools.create(Map.of("name", Tools.unique("late"), "transport", "stdio",
                "command", "/bin/cat")));
        try {
            long generation = a.acquire(id).await().indefinitely();
            // the round came late (a loaded host): expired, but no other instance took it
            sql("update tool_leases set expires_at = now() - interval '1 second' where tool_id = $1", id);
            assertEquals(Map.of(id, generation), a.renew().await().indefinitely());
            assertTrue(self.lease(id).await().indefinitely().heldBy(a.instanceId()));
        } finally {
            Tools.delete(id.toString());
        }
    }

    @Test
    void aStateWriteUnderALostGenerationIsRefused() {
        Leases a = other("a", "http://127.0.0.1:1");
        Leases b = other("b", "http://127.0.0.1:2");
        String name = Tools.unique("fenced");
        UUID id = UUID.fromString(Tools.create(Map.of("name", name, "transport", "stdio", "command", "/bin/cat")));
        StatusWriter writerA = new StatusWriter(db, repository, a, outbox, relay, supervisorConfig);
        StatusWriter writerB = new StatusWriter(db, repository, b, outbox, relay, supervisorConfig);
        try (KafkaProbe probe = KafkaProbe.watch(Topics.TOOL_STATUS)) {
            long stale = a.acquire(id).await().indefinitely();
            sql("update tool_leases set expires_at = now() - interval '1 second' where tool_id = $1", id);
            long current = b.acquire(id).await().indefinitely();
            writerB.write(id, current, event(id, name, "starting", "stopped"), null, null);
            awaitRowState(name, "starting");
            // the old owner, paused until now, reports what it saw: nothing of it may land
            writerA.write(id, stale, event(id, name, "running", "starting"), JsonNodeFactory.instance.objectNode()
                    .put("name", "stale"), null);
            writerB.write(id, current, event(id, name, "failed", "starting"), null, null);
            awaitRowState(name, "failed");
            probe.await(r -> name.equals(r.key()) && r.value().contains("\"state\":\"failed\""), Duration.ofSeconds(20));
            List<String> states = probe.received().stream().filter(r -> name.equals(r.key()))
                    .map(r -> JsonPath.from(r.value()).getString("state")).toList();
            assertEquals(List.of("starting", "failed"), states);
        } finally {
            Tools.delete(name);
        }
    }

    @Test
    void aStatusChangeWhoseWriteFailsIsRetriedNotDropped() {
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger(2);
        Leases flaky = new Leases(db, "flaky-" + UUID.randomUUID().toString().substring(0, 8), "http://127.0.0.1:1",
                SHORT_TTL) {
            @Override
            public Uni<Boolean> holdsForWrite(io.vertx.mutiny.sqlclient.SqlClient connection, UUID toolId,
                    long generation) {
                return failures.getAndDecrement() > 0
                        ? Uni.createFrom().failure(new IllegalStateException("the database is away"))
                        : super.holdsForWrite(connection, toolId, generation);
            }
        };
        String name = Tools.unique("retried");
        UUID id = UUID.fromString(Tools.create(Map.of("name", name, "transport", "stdio", "command", "/bin/cat")));
        StatusWriter writer = new StatusWriter(db, repository, flaky, outbox, relay, supervisorConfig);
        try (KafkaProbe probe = KafkaProbe.watch(Topics.TOOL_STATUS)) {
            long generation = flaky.acquire(id).await().indefinitely();
            writer.write(id, generation, event(id, name, "starting", "stopped"), null, null);
            writer.write(id, generation, event(id, name, "running", "starting"), null, null);
            awaitRowState(name, "running");
            probe.await(r -> name.equals(r.key()) && r.value().contains("\"state\":\"running\""),
                    Duration.ofSeconds(20));
            List<String> states = probe.received().stream().filter(r -> name.equals(r.key()))
                    .map(r -> JsonPath.from(r.value()).getString("state")).toList();
            assertEquals(List.of("starting", "running"), states, "in order, none lost");
        } finally {
            Tools.delete(name);
        }
    }

    @Test
    void whenItsOwnerDiesAToolIsStartedAndAnnouncedHereWithin15Seconds() {
        String dead = "dead-" + UUID.randomUUID().toString().substring(0, 8);
        String name = Tools.unique("orphan");
        UUID id = UUID.fromString(Tools.create(Tools.everything(name)));
        try (KafkaProbe probe = KafkaProbe.watch(Topics.TOOL_STATUS)) {
            // as left by an instance killed with -9 right after its last renewal: heartbeat and lease just renewed
            sql("insert into tool_instances (instance_id, bridge_base_url) values ($1, 'http://127.0.0.1:1')", dead);
            sql("update tools set desired_running = true, state = 'running' where id = $1", id);
            long died = System.nanoTime();
            sql("insert into tool_leases (tool_id, owner, generation, expires_at) values ($1, $2, 7, now() + "
                    + "interval '6 seconds')", id, dead);
            probe.await(r -> name.equals(r.key()) && r.value().contains("\"state\":\"running\""),
                    Duration.ofSeconds(20));
            Duration takeover = Duration.ofNanos(System.nanoTime() - died);
            System.out.printf("tool %s running again on the surviving instance %d ms after its owner died%n", name,
                    takeover.toMillis());
            assertTrue(takeover.compareTo(Duration.ofSeconds(15)) < 0, "takeover took " + takeover);
            Map<String, Object> entry = running(name);
            assertEquals(self.instanceId(), entry.get("owner"));
            assertEquals(8, ((Number) entry.get("generation")).intValue());
            assertEquals(self.bridgeBaseUrl() + "/internal/tools/" + name + "/mcp", entry.get("url"));
            List<String> states = probe.received().stream().filter(r -> name.equals(r.key()))
                    .map(r -> JsonPath.from(r.value()).getString("state")).toList();
            assertEquals(List.of("starting", "running"), states);
        } finally {
            Tools.delete(name);
            sql("delete from tool_instances where instance_id = $1", dead);
        }
    }

    @Test
    void theRunningListNamesTheOwnersBridgeAndAToolMovedElsewhereIsRedirected() {
        String other = "other-" + UUID.randomUUID().toString().substring(0, 8);
        String otherBase = "http://127.0.0.9:18555";
        String name = Tools.unique("theirs");
        UUID id = UUID.fromString(Tools.create(Tools.everything(name)));
        try {
            liveElsewhere(other, otherBase, id, 3);
            sql("update tools set state = 'running', server_info = '{\"name\":\"elsewhere\"}' where id = $1", id);

            Map<String, Object> entry = running(name);
            assertEquals(otherBase + "/internal/tools/" + name + "/mcp", entry.get("url"));
            assertEquals(other, entry.get("owner"));
            assertEquals(3, ((Number) entry.get("generation")).intValue());
            assertEquals(Map.of("name", "elsewhere"), entry.get("server_info"));
            assertNull(entry.get("bridge_urls"), "a shared tool has one bridge");

            // an mcp-proxy with a stale URL (this instance's) is told where the tool is now
            given().auth().oauth2(TestTokens.service()).contentType(ContentType.JSON)
                    .header("Accept", "application/json, text/event-stream")
                    .body(Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize", "params", Map.of()))
                    .post("/internal/tools/" + name + "/mcp").then().statusCode(421)
                    .contentType("application/problem+json")
                    .header("Location", otherBase + "/internal/tools/" + name + "/mcp")
                    .body("type", equalTo("https://mcps.one/problems/tool-moved"));
        } finally {
            Tools.delete(name);
            sql("delete from tool_instances where instance_id = $1", other);
        }
    }

    @Test
    void aPerSessionToolRunningElsewhereHasABridgeOnEveryInstanceAndServesSessionsHereToo() throws Exception {
        String other = "other-" + UUID.randomUUID().toString().substring(0, 8);
        String otherBase = "http://127.0.0.9:18556";
        String name = Tools.unique("spread");
        Map<String, Object> definition = new java.util.HashMap<>(Tools.everything(name));
        definition.put("sharing", "per_session");
        UUID id = UUID.fromString(Tools.create(definition));
        try {
            liveElsewhere(other, otherBase, id, 1);
            sql("update tools set state = 'running' where id = $1", id);
            Map<String, Object> entry = running(name);
            assertEquals(otherBase + "/internal/tools/" + name + "/mcp", entry.get("url"));
            assertEquals(List.of(otherBase + "/internal/tools/" + name + "/mcp",
                    self.bridgeBaseUrl() + "/internal/tools/" + name + "/mcp"), entry.get("bridge_urls"));

            // this instance keeps a stand-by of the tool, so a session that lands here gets a process here
            String url = "http://127.0.0.1:" + testPort + "/internal/tools/" + name + "/mcp";
            McpHttpClient client = new McpHttpClient(url, TestTokens.service());
            Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> client.initialize(null).sessionId() != null);
            JsonNode tools = client.call("tools/list", null);
            assertTrue(tools.toString().contains("\"echo\""), tools.toString());
            client.delete();
            // the stand-by announced nothing: the owner speaks for the tool
            assertEquals("running", Tools.status(name).getString("state"));
        } finally {
            Tools.delete(name);
            sql("delete from tool_instances where instance_id = $1", other);
        }
    }

    @Test
    void aStartLandingOnAnotherInstanceIsDoneByTheOwner() throws Exception {
        String owner = "owner-" + UUID.randomUUID().toString().substring(0, 8);
        List<JsonObject> forwarded = new CopyOnWriteArrayList<>();
        Vertx vertx = Vertx.vertx();
        String name = Tools.unique("fwd");
        UUID id = UUID.fromString(Tools.create(Tools.everything(name)));
        try {
            HttpServer server = vertx.createHttpServer().requestHandler(request -> {
                forwarded.add(new JsonObject().put("method", request.method().name()).put("path", request.path())
                        .put("authorization", request.getHeader("Authorization")));
                request.response().setStatusCode(202).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("id", id.toString()).put("name", name).put("state", "starting")
                                .put("restarts", 0).put("sharing", "shared").put("instance_count", 1)
                                .put("tools", List.of()).put("instances", List.of()).encode());
            }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            liveElsewhere(owner, "http://127.0.0.1:" + server.actualPort(), id, 5);

            given().auth().oauth2(TestTokens.admin()).post("/api/v1/tools/" + name + "/start").then().statusCode(202)
                    .body("name", equalTo(name)).body("state", equalTo("starting"));
            assertEquals(1, forwarded.size(), forwarded.toString());
            assertEquals("POST", forwarded.get(0).getString("method"));
            assertEquals("/internal/tools/" + id + "/owned/start", forwarded.get(0).getString("path"));
            assertEquals("Bearer " + StandInProxy.TOKEN, forwarded.get(0).getString("authorization"));
            // the receiving instance recorded the operator's wish; it started nothing itself
            assertEquals(true, db.client().preparedQuery("select desired_running from tools where id = $1")
                    .execute(Tuple.of(id)).await().indefinitely().iterator().next().getBoolean("desired_running"));
            given().auth().oauth2(TestTokens.service()).get("/internal/tools/processes").then().statusCode(200)
                    .body("findAll { it.name == '" + name + "' }.size()", equalTo(0));
        } finally {
            sql("update tools set desired_running = false where id = $1", id);
            Tools.delete(name);
            sql("delete from tool_instances where instance_id = $1", owner);
            vertx.close();
        }
    }

    @Test
    void anOwnerAskedForAToolAThirdInstanceHoldsRefusesInsteadOfForwardingOn() {
        String third = "third-" + UUID.randomUUID().toString().substring(0, 8);
        String name = Tools.unique("third");
        UUID id = UUID.fromString(Tools.create(Tools.everything(name)));
        try {
            liveElsewhere(third, "http://127.0.0.1:1", id, 2);
            given().auth().oauth2(TestTokens.service()).post("/internal/tools/" + id + "/owned/start").then()
                    .statusCode(409).contentType("application/problem+json");
        } finally {
            Tools.delete(name);
            sql("delete from tool_instances where instance_id = $1", third);
        }
    }

    // ---- helpers

    private Leases other(String prefix, String bridge) {
        return new Leases(db, prefix + "-" + UUID.randomUUID().toString().substring(0, 8), bridge, SHORT_TTL);
    }

    /** An instance that heartbeats (for the test's length) and holds the tool's lease at {@code generation}. */
    private void liveElsewhere(String instance, String base, UUID toolId, long generation) {
        sql("insert into tool_instances (instance_id, bridge_base_url, heartbeat_at) values ($1, $2, now() + "
                + "interval '5 minutes')", instance, base);
        sql("insert into tool_leases (tool_id, owner, generation, expires_at) values ($1, $2, $3, now() + "
                + "interval '5 minutes')", toolId, instance, generation);
    }

    private void sql(String statement, Object... params) {
        db.client().preparedQuery(statement).execute(Tuple.from(params)).await().atMost(Duration.ofSeconds(10));
    }

    private void awaitRowState(String name, String state) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> state.equals(
                repository.findByName(db.client(), name).await().indefinitely().state));
    }

    private static ToolStatusChanged event(UUID id, String name, String state, String previous) {
        return new ToolStatusChanged(id.toString(), name, "stdio", state, previous, null, 0, "test",
                java.time.Instant.now());
    }

    private static Map<String, Object> running(String name) {
        JsonPath running = given().auth().oauth2(TestTokens.service()).get("/internal/tools/running").then()
                .statusCode(200).extract().jsonPath();
        Map<String, Object> entry = running.getMap("find { it.name == '" + name + "' }");
        assertNotNull(entry, "not in the running list: " + running.prettify());
        return entry;
    }
}
