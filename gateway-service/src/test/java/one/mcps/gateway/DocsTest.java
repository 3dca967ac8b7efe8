package one.mcps.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import one.mcps.testing.LocalStackResource;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = FakeUpstreams.class, restrictToAnnotatedClass = false)
class DocsTest {

    @Test
    void everyServicesOpenApiIsServedThroughTheGateway() {
        given().get("/api/v1/proxy/openapi/tool-service").then()
                .statusCode(200)
                .body("info.title", equalTo("fake tool-service"));
        given().get("/api/v1/proxy/openapi/identity-service").then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("detail", containsString("identity-service"));
        given().get("/api/v1/proxy/openapi/no-such-service").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void swaggerUiAndRedocListEveryService() {
        given().get("/docs/").then().statusCode(200).body(containsString("swagger-ui"));
        given().get("/docs/mcps-init.js").then().statusCode(200)
                .body(containsString("/api/v1/proxy/openapi/tool-service"))
                .body(containsString("/api/v1/proxy/openapi/identity-service"))
                .body(containsString("/q/openapi?format=json"));
        given().get("/redoc").then().statusCode(200)
                .body(containsString("/api/v1/proxy/openapi/tool-service"))
                .body(containsString("/api/v1/proxy/openapi/mcp-proxy-service"));
    }

    @Test
    void everyHtmlPageForbidsSniffingAndForeignScripts() {
        for (String page : new String[] {"/docs", "/docs/", "/docs/index.html", "/redoc"}) {
            Response response = given().redirects().follow(false).get(page);
            assertEquals(200, response.statusCode(), page);
            assertTrue(response.contentType().startsWith("text/html"), page);
            assertEquals("nosniff", response.header("X-Content-Type-Options"), page);
            String csp = response.header("Content-Security-Policy");
            assertNotNull(csp, page);
            String scripts = directive(csp, "script-src");
            assertEquals("script-src 'self'", scripts, page + ": " + csp);
            assertTrue(directive(csp, "default-src").equals("default-src 'none'"), page + ": " + csp);
            assertTrue(directive(csp, "frame-ancestors").equals("frame-ancestors 'none'"), page + ": " + csp);
            assertSameOriginScriptsOnly(page, response.asString());
        }
    }

    @Test
    void redocIsThePinnedCopyTheGatewayServes() {
        String page = given().get("/redoc").asString();
        assertFalse(page.contains("cdn."), page);
        List<String> scripts = scriptSources(page);
        String bundle = scripts.stream().filter(s -> s.contains("redoc-")).findFirst().orElseThrow();
        assertEquals("/redoc/redoc-2.5.1.standalone.js", bundle);
        for (String script : scripts) {
            Response response = given().get(script);
            assertEquals(200, response.statusCode(), script);
            assertTrue(response.contentType().startsWith("text/javascript"), script + ": " + response.contentType());
            assertEquals("nosniff", response.header("X-Content-Type-Options"), script);
        }
        // The bundle itself: ReDoc's standalone build, which defines the Redoc global the page's script calls.
        given().get(bundle).then().body(containsString("Redoc")).header("Cache-Control", containsString("immutable"));
        given().get("/redoc/init.js").then().body(containsString("Redoc.init"));
    }

    @Test
    void swaggerUiScriptsAreServedHereAsJavaScript() {
        for (String script : scriptSources(given().get("/docs/").asString())) {
            Response response = given().get(script);
            assertEquals(200, response.statusCode(), script);
            assertTrue(response.contentType().contains("javascript"), script + ": " + response.contentType());
            assertEquals("nosniff", response.header("X-Content-Type-Options"), script);
        }
    }

    private static final Pattern SCRIPT = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL);
    private static final Pattern SRC = Pattern.compile("src=\"([^\"]*)\"");

    /** Every script of the page is loaded from a path of this origin; none is inline, no handler attribute. */
    private static void assertSameOriginScriptsOnly(String page, String html) {
        Matcher script = SCRIPT.matcher(html);
        int count = 0;
        while (script.find()) {
            count++;
            Matcher src = SRC.matcher(script.group(1));
            assertTrue(src.find(), page + ": an inline script: " + script.group());
            assertTrue(src.group(1).startsWith("/") && !src.group(1).startsWith("//"), page + ": " + src.group(1));
            assertTrue(script.group(2).isBlank(), page + ": " + script.group());
        }
        assertTrue(count > 0, page);
        assertFalse(Pattern.compile("\\son[a-z]+=", Pattern.CASE_INSENSITIVE).matcher(html).find(), page);
    }

    private static List<String> scriptSources(String html) {
        List<String> sources = new ArrayList<>();
        Matcher script = SCRIPT.matcher(html);
        while (script.find()) {
            Matcher src = SRC.matcher(script.group(1));
            if (src.find()) {
                sources.add(src.group(1));
            }
        }
        return sources;
    }

    private static String directive(String csp, String name) {
        for (String directive : csp.split(";")) {
            if (directive.trim().startsWith(name + " ")) {
                return directive.trim();
            }
        }
        return null;
    }

    @Test
    void theGatewaysOwnApiIsDocumented() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/v1/proxy/status"))
                .body(containsString("/api/v1/proxy/stop"))
                .body("components.securitySchemes.SecurityScheme.scheme", equalTo("bearer"));
    }
}
