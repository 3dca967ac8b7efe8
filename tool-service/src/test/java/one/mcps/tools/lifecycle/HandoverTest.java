package one.mcps.tools.lifecycle;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import one.mcps.platform.events.Topics;
import one.mcps.testing.KafkaProbe;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;
import one.mcps.tools.db.Database;
import one.mcps.tools.ownership.Leases;
import one.mcps.tools.support.Tools;
import one.mcps.tools.tasks.StandInProxy;

/**
 * A graceful stop hands tools over make-before-break (issue 17's rolling restart): the service under test plays the
 * successor of a stopping instance (rows and a {@link Leases} of another instance id), or the stopping instance
 * whose successor is a stand-in HTTP server.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(StandInProxy.class)
class HandoverTest {

    @Inject
    Database db;
    @Inject
    Leases self;
    @Inject
    Handover handover;

    @Test
    void aToolHandedHereRunsBeforeItsLeaseArrivesAndIsAnnouncedOnlyOnceItHasArrived() {
        String leaving = "leaving-" + UUID.randomUUID().toString().substring(0, 8);
        String name = Tools.unique("handed");
        UUID id = UUID.fromString(Tools.create(Tools.everything(name)));
        try (KafkaProbe probe = KafkaProbe.watch(Topics.TOOL_STATUS)) {
            liveElsewhere(leaving, id, 4);
            sql("update tools set desired_running = true, state = 'running' where id = $1", id);

            owned(id, "prepare").statusCode(202).body("name", equalTo(name));
            Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> "running".equals(owned(id).getString("state")));
            // a stand-by: it serves, but the stopping owner still speaks for the tool
            assertEquals(1, processesHere(name));
            assertEquals(leaving, leaseOwner(id));

            Long generation = leasesOf(leaving).handOver(id, 4, self.instanceId()).await().atMost(Duration.ofSeconds(5));
            assertEquals(5L, generation);
            owned(id, "start").statusCode(202).body("state", equalTo("running"));

            probe.await(r -> name.equals(r.key()) && r.value().contains("\"state\":\"running\""),
                    Duration.ofSeconds(10));
            List<String> states = probe.received().stream().filter(r -> name.equals(r.key()))
                    .map(r -> JsonPath.from(r.value()).getString("state")).toList();
            assertEquals(List.of("running"), states, "what mcp-proxy hears of the move: the tool never left");
            JsonPath running = given().auth().oauth2(TestTokens.service()).get("/internal/tools/running").then()
                    .statusCode(200).extract().jsonPath();
            Map<String, Object> entry = running.getMap("find { it.name == '" + name + "' }");
            assertNotNull(entry, running.prettify());
            assertEquals(self.instanceId(), entry.get("owner"));
            assertEquals(5, ((Number) entry.get("generation")).intValue());
            assertEquals(1, processesHere(name));
        } finally {
            Tools.delete(name);
            sql("delete from tool_instances where instance_id = $1", leaving);
        }
    }

    @Test
    void aLeaseHandedHereWithoutTheWordToStartIsAdoptedAtTheNextRound() {
        String leaving = "leaving-" + UUID.randomUUID().toString().substring(0, 8);
        String name = Tools.unique("adopted");
        UUID id = UUID.fromString(Tools.create(Tools.everything(name)));
        try (KafkaProbe probe = KafkaProbe.watch(Topics.TOOL_STATUS)) {
            liveElsewhere(leaving, id, 2);
            sql("update tools set desired_running = true, state = 'running' where id = $1", id);
            assertEquals(3L, leasesOf(leaving).handOver(id, 2, self.instanceId()).await().atMost(Duration.ofSeconds(5)));

            probe.await(r -> name.equals(r.key()) && r.value().contains("\"state\":\"running\""),
                    Duration.ofSeconds(40));
            assertEquals("running", Tools.status(name).getString("state"));
            assertEquals(self.instanceId(), leaseOwner(id));
        } finally {
            Tools.delete(name);
            sql("delete from tool_instances where instance_id = $1", leaving);
        }
    }

    @Test
    void aStandByWhoseLeaseNeverComesStopsAgain() {
        String leaving = "leaving-" + UUID.randomUUID().toString().substring(0, 8);
        String name = Tools.unique("jilted");
        UUID id = UUID.fromString(Tools.create(Tools.everything(name)));
        try {
            liveElsewhere(leaving, id, 1);
            sql("update tools set desired_running = true, state = 'running' where id = $1", id);
            owned(id, "prepare").statusCode(202);
            Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> processesHere(name) == 1);
            // the stopping instance died before handing the lease over: the tool must not run twice
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> processesHere(name) == 0);
            assertEquals(leaving, leaseOwner(id));
        } finally {
            Tools.delete(name);
            sql("delete from tool_instances where instance_id = $1", leaving);
        }
    }

    @Test
    void aStoppingInstanceHandsItsRunningToolToAPeerAndKeepsServingItMeanwhile() throws Exception {
        String peer = "peer-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> asked = new CopyOnWriteArrayList<>();
        Vertx vertx = Vertx.vertx();
        String name = Tools.unique("leaving");
        UUID id = UUID.fromString(Tools.create(Tools.everything(name)));
        try (KafkaProbe probe = KafkaProbe.watch(Topics.TOOL_STATUS)) {
            // the peer: its process becomes ready at the second question about our tool (tools left running by
            // other tests of this JVM are handed to it too, and get the same answers)
            HttpServer server = vertx.createHttpServer().requestHandler(request -> {
                if (request.path().contains(id.toString())) {
                    asked.add(request.method().name() + " " + request.path());
                }
                String state = asked.size() >= 2 ? "running" : "starting";
                request.response().setStatusCode("GET".equals(request.method().name()) ? 200 : 202)
                        .putHeader("Content-Type", "application/json")
                        .end(peerStatus(id, name, state));
            }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            sql("insert into tool_instances (instance_id, bridge_base_url, heartbeat_at) values ($1, $2, now() + "
                    + "interval '5 minutes')", peer, "http://127.0.0.1:" + server.actualPort());
            Tools.start(name);
            Tools.awaitState(name, "running");
            long generation = leaseGeneration(id);

            handover.handOverAll();

            String base = "/internal/tools/" + id + "/owned/";
            assertEquals(List.of("POST " + base + "prepare", "GET " + base + "status", "POST " + base + "start"),
                    asked);
            assertEquals(peer, leaseOwner(id));
            assertEquals(generation + 1, leaseGeneration(id));
            // still served here until this instance stops, and nothing said that would take it out of catalogs
            assertEquals(1, processesHere(name));
            Thread.sleep(500);
            assertTrue(probe.received().stream().filter(r -> name.equals(r.key()))
                    .noneMatch(r -> r.value().contains("\"state\":\"stopp")), probe.received().toString());
        } finally {
            Tools.delete(name);
            sql("delete from tool_instances where instance_id = $1", peer);
            vertx.close();
        }
    }

    @Test
    void aSuccessorStillStartingWhenTheTimeIsUpGetsTheLeaseAnyway() throws Exception {
        String peer = "slow-" + UUID.randomUUID().toString().substring(0, 8);
        Vertx vertx = Vertx.vertx();
        String name = Tools.unique("slowpeer");
        UUID id = UUID.fromString(Tools.create(Tools.everything(name)));
        try {
            // a loaded host: the peer took the prepare, but its process is not ready within handover-timeout
            HttpServer server = vertx.createHttpServer().requestHandler(request -> request.response()
                    .setStatusCode("GET".equals(request.method().name()) ? 200 : 202)
                    .putHeader("Content-Type", "application/json")
                    .end(peerStatus(id, name, "starting")))
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            sql("insert into tool_instances (instance_id, bridge_base_url, heartbeat_at) values ($1, $2, now() + "
                    + "interval '5 minutes')", peer, "http://127.0.0.1:" + server.actualPort());
            Tools.start(name);
            Tools.awaitState(name, "running");
            long generation = leaseGeneration(id);

            handover.handOverAll();

            assertEquals(peer, leaseOwner(id));
            assertEquals(generation + 1, leaseGeneration(id));
        } finally {
            Tools.delete(name);
            sql("delete from tool_instances where instance_id = $1", peer);
            vertx.close();
        }
    }

    // ---- helpers

    /** What a peer's {@code …/owned/*} answers: the tool's status in that instance. */
    private static String peerStatus(UUID id, String name, String state) {
        return new JsonObject().put("id", id.toString()).put("name", name).put("state", state).put("restarts", 0)
                .put("sharing", "shared").put("instance_count", 1).put("tools", List.of())
                .put("instances", List.of()).encode();
    }

    private Leases leasesOf(String instance) {
        return new Leases(db, instance, "http://127.0.0.1:1", Duration.ofMinutes(5));
    }

    private void liveElsewhere(String instance, UUID toolId, long generation) {
        sql("insert into tool_instances (instance_id, bridge_base_url, heartbeat_at) values ($1, 'http://127.0.0.1:1', "
                + "now() + interval '5 minutes')", instance);
        sql("insert into tool_leases (tool_id, owner, generation, expires_at) values ($1, $2, $3, now() + "
                + "interval '5 minutes')", toolId, instance, generation);
    }

    private static io.restassured.response.ValidatableResponse owned(UUID id, String action) {
        return given().auth().oauth2(TestTokens.service()).post("/internal/tools/" + id + "/owned/" + action).then();
    }

    private static JsonPath owned(UUID id) {
        return given().auth().oauth2(TestTokens.service()).get("/internal/tools/" + id + "/owned/status").then()
                .statusCode(200).extract().jsonPath();
    }

    private static int processesHere(String name) {
        return given().auth().oauth2(TestTokens.service()).get("/internal/tools/processes").then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.name == '" + name + "' && it.pid != null }").size();
    }

    private String leaseOwner(UUID id) {
        return lease(id).getString("owner");
    }

    private long leaseGeneration(UUID id) {
        return lease(id).getLong("generation");
    }

    private Row lease(UUID id) {
        return db.client().preparedQuery("select owner, generation from tool_leases where tool_id = $1")
                .execute(Tuple.of(id)).await().atMost(Duration.ofSeconds(10)).iterator().next();
    }

    private void sql(String statement, Object... params) {
        db.client().preparedQuery(statement).execute(Tuple.from(params)).await().atMost(Duration.ofSeconds(10));
    }
}
