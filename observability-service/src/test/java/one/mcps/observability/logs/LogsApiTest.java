package one.mcps.observability.logs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import one.mcps.observability.TestEvents;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class LogsApiTest {

    @Inject
    Pool pool;

    @TestHTTPResource("/api/v1/logs/export")
    URI export;

    /** Rows of one source, {@code minutesApart} apart going back from now; level alternates INFO / ERROR. */
    private void seed(String source, int count, int minutesApart) {
        pool.preparedQuery("insert into log_entries (event_id, time, level, category, source, message, tool) "
                + "select $1 || '-' || n, now() - make_interval(mins => n * $3), "
                + "case when n % 2 = 0 then 'ERROR' else 'INFO' end, 'system', $1, 'message ' || n || ', \"quoted\"', $1 "
                + "from generate_series(1, $2) as n")
                .execute(Tuple.of(source, count, minutesApart)).await().atMost(Duration.ofMinutes(2));
    }

    @Test
    void listsNewestFirstWithFiltersAndPaging() {
        String source = TestEvents.unique("paging");
        seed(source, 45, 1);
        given().auth().oauth2(TestTokens.forUser("vera", "viewer")).queryParam("source", source)
                .get("/api/v1/logs").then().statusCode(200)
                .body("total", equalTo(45)).body("page", equalTo(1)).body("size", equalTo(20))
                .body("items", hasSize(20)).body("items[0].message", equalTo("message 1, \"quoted\""));
        given().auth().oauth2(TestTokens.admin()).queryParam("source", source).queryParam("page", 3)
                .queryParam("size", 20).get("/api/v1/logs").then().statusCode(200)
                .body("items", hasSize(5)).body("items[4].message", equalTo("message 45, \"quoted\""));
        given().auth().oauth2(TestTokens.admin()).queryParam("source", source).queryParam("level", "error")
                .get("/api/v1/logs/system").then().statusCode(200)
                .body("total", equalTo(22)).body("items.level", everyItem(equalTo("ERROR")));
        given().auth().oauth2(TestTokens.admin()).queryParam("source", source).get("/api/v1/logs/mcp").then()
                .statusCode(200).body("total", equalTo(0));
    }

    @Test
    void rejectsBadParametersAsProblems() {
        given().auth().oauth2(TestTokens.admin()).queryParam("size", 101).get("/api/v1/logs").then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("size"));
        given().auth().oauth2(TestTokens.admin()).queryParam("from", "yesterday").get("/api/v1/logs").then()
                .statusCode(400).body("errors.field", hasItem("from"));
        given().auth().oauth2(TestTokens.admin()).queryParam("level", "LOUD").get("/api/v1/logs").then()
                .statusCode(400).body("errors.field", hasItem("level"));
        given().get("/api/v1/logs").then().statusCode(401);
        given().auth().oauth2(TestTokens.admin()).queryParam("format", "xml").get("/api/v1/logs/export").then()
                .statusCode(400).body("errors.field", hasItem("format"));
    }

    @Test
    void getsAndDeletesOneEntry() {
        String source = TestEvents.unique("one");
        seed(source, 1, 1);
        int id = given().auth().oauth2(TestTokens.admin()).queryParam("source", source).get("/api/v1/logs").then()
                .extract().path("items[0].id");
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/logs/" + id).then().statusCode(200)
                .body("source", equalTo(source));
        given().auth().oauth2(TestTokens.forUser("vera", "viewer")).delete("/api/v1/logs/" + id).then()
                .statusCode(403);
        // The log is append-only below admin: an operator cannot remove an entry, e.g. the audit of what they did.
        given().auth().oauth2(TestTokens.forUser("otto", "operator")).delete("/api/v1/logs/" + id).then()
                .statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/logs/" + id).then().statusCode(200);
        String admin = TestEvents.unique("root");
        given().auth().oauth2(TestTokens.forUser(admin, "admin")).delete("/api/v1/logs/" + id).then()
                .statusCode(204);
        given().auth().oauth2(TestTokens.admin()).get("/api/v1/logs/" + id).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.admin()).delete("/api/v1/logs/" + id).then().statusCode(404);
        // The deletion leaves a trace: who removed which entry.
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth()
                .oauth2(TestTokens.admin()).queryParam("user", admin).get("/api/v1/logs/operations").then()
                .statusCode(200).body("total", equalTo(1))
                .body("items[0].message", equalTo(admin + " logs.delete log_entry " + id + ": success"))
                .body("items[0].attributes.details.deleted", equalTo(1))
                .body("items[0].attributes.details.source", equalTo(source)));
    }

    @Test
    void cleanupHasAFloorForEveryoneAndIsAudited() {
        for (String token : List.of(TestTokens.forUser("otto", "operator"), TestTokens.admin())) {
            given().auth().oauth2(token).queryParam("older_than_days", 0).delete("/api/v1/logs/cleanup").then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem("older_than_days"))
                    .body("detail", containsString("at least 1"));
        }
        given().auth().oauth2(TestTokens.admin()).queryParam("older_than_days", -3).delete("/api/v1/logs/cleanup")
                .then().statusCode(400).body("errors.field", hasItem("older_than_days"));
        String source = TestEvents.unique("recent");
        seed(source, 3, 1);
        String operator = TestEvents.unique("op");
        given().auth().oauth2(TestTokens.forUser(operator, "operator")).queryParam("older_than_days", 1)
                .delete("/api/v1/logs/cleanup").then().statusCode(200);
        given().auth().oauth2(TestTokens.admin()).queryParam("source", source).get("/api/v1/logs").then()
                .body("total", equalTo(3));
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth()
                .oauth2(TestTokens.admin()).queryParam("user", operator).get("/api/v1/logs/operations").then()
                .statusCode(200).body("total", equalTo(1))
                .body("items[0].message", equalTo(operator + " logs.cleanup logs: success"))
                .body("items[0].attributes.details.deleted", notNullValue())
                .body("items[0].attributes.details.older_than", notNullValue()));
    }

    @Test
    void cleanupRemovesOnlyOldEntriesAndStatsCountThem() {
        String source = TestEvents.unique("old");
        seed(source, 10, 60 * 24);
        given().auth().oauth2(TestTokens.admin()).queryParam("source", source).queryParam("bucket", "day")
                .get("/api/v1/logs/stats").then().statusCode(200)
                .body("total", equalTo(10))
                .body("by_level.ERROR", equalTo(5)).body("by_category.system", equalTo(10))
                .body("by_source." + source, equalTo(10)).body("buckets", hasSize(greaterThanOrEqualTo(10)));
        given().auth().oauth2(TestTokens.admin()).queryParam("older_than_days", 5)
                .delete("/api/v1/logs/cleanup").then().statusCode(200).body("deleted", greaterThanOrEqualTo(6));
        given().auth().oauth2(TestTokens.admin()).queryParam("source", source).get("/api/v1/logs").then()
                .body("total", equalTo(4));
        given().auth().oauth2(TestTokens.admin()).delete("/api/v1/logs/cleanup").then().statusCode(400)
                .body("errors.field", hasItem("older_than_days"));
    }

    @Test
    void clearIsForAdminsAndIsItselfAudited() {
        seed(TestEvents.unique("clear"), 3, 1);
        given().auth().oauth2(TestTokens.forUser("otto", "operator")).post("/api/v1/logs/clear").then()
                .statusCode(403);
        String admin = TestEvents.unique("root");
        given().auth().oauth2(TestTokens.forUser(admin, "admin")).post("/api/v1/logs/clear").then()
                .statusCode(200).body("deleted", greaterThanOrEqualTo(3));
        Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth()
                .oauth2(TestTokens.admin()).queryParam("user", admin).get("/api/v1/logs/operations").then()
                .statusCode(200).body("total", equalTo(1))
                .body("items[0].message", equalTo(admin + " logs.clear logs: success")));
    }

    @Test
    void exportsHundredThousandRowsAsAStream() throws Exception {
        String source = TestEvents.unique("export");
        seed(source, 100_000, 0);
        HttpClient client = HttpClient.newHttpClient();
        for (String format : List.of("ndjson", "csv", "json")) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(export + "?format=" + format + "&source=" + source))
                    .header("Authorization", "Bearer " + TestTokens.admin()).build();
            HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, response.statusCode());
            long rows;
            try (Stream<String> lines = response.body()) {
                rows = lines.filter(l -> l.contains(source)).count();
            }
            assertEquals(100_000, rows, format);
            String type = response.headers().firstValue("Content-Type").orElse("");
            assertTrue(type.startsWith(switch (format) {
                case "csv" -> "text/csv";
                case "json" -> "application/json";
                default -> "application/x-ndjson";
            }), type);
        }
        given().auth().oauth2(TestTokens.admin()).queryParam("source", source).queryParam("format", "json")
                .queryParam("to", "2000-01-01T00:00:00Z").get("/api/v1/logs/export").then().statusCode(200)
                .body("", hasSize(0));
    }
}
