package one.mcps.gateway.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import one.mcps.gateway.pages.PageHeaders;
import one.mcps.gateway.routing.RouteTable;
import one.mcps.gateway.routing.Upstream;

/**
 * The API documentation pages: Swagger UI at /docs and ReDoc at /redoc, each with every service's OpenAPI document.
 * Both pages are the gateway's own and load only same-origin scripts, none inline, so their Content-Security-Policy
 * ({@link PageHeaders}) can forbid everything else: Swagger UI's code is Quarkus's (served under /docs), the page
 * replaces Quarkus's, whose configuration is inline script; ReDoc's bundle is the org.webjars:redoc jar the build
 * pins, served here rather than fetched by the browser from a CDN (where "latest" was whatever it was that day).
 */
@ApplicationScoped
public class DocsPages {

    static final String OWN_DOCUMENT = "/q/openapi?format=json";
    private static final String OWN_NAME = "gateway-service";
    private static final String REDOC_WEBJAR = "META-INF/resources/webjars/redoc/";
    private static final String HTML = "text/html; charset=utf-8";
    private static final String JAVASCRIPT = "text/javascript; charset=utf-8";

    private final String swaggerPage;
    private final String swaggerInit;
    private final String redocPage;
    private final String redocPath;
    private final Buffer redocBundle;

    public DocsPages(RouteTable table) {
        JsonArray urls = new JsonArray().add(new JsonObject().put("url", OWN_DOCUMENT).put("name", OWN_NAME));
        table.upstreams().forEach(u -> urls.add(new JsonObject().put("url", document(u)).put("name", u.name())));
        this.swaggerPage = SWAGGER_PAGE;
        this.swaggerInit = SWAGGER_INIT.replace("{urls}", urls.encode()).replace("{primary}", OWN_NAME);
        String version = redocVersion();
        this.redocPath = "/redoc/redoc-" + version + ".standalone.js";
        this.redocBundle = resource(REDOC_WEBJAR + version + "/redoc.standalone.js");
        String options = option(OWN_DOCUMENT, OWN_NAME) + table.upstreams().stream()
                .map(u -> option(document(u), u.name())).collect(Collectors.joining());
        this.redocPage = REDOC_PAGE.replace("{options}", options).replace("{bundle}", redocPath);
    }

    private static String option(String url, String name) {
        return "<option value=\"" + url + "\">" + name + "</option>";
    }

    private static String document(Upstream upstream) {
        return "/api/v1/proxy/openapi/" + upstream.name();
    }

    /** After {@link PageHeaders}, ahead of Quarkus's Swagger UI handler, whose index page this replaces. */
    void register(@Observes Router router) {
        for (String path : new String[] {"/docs", "/docs/", "/docs/index.html"}) {
            get(router, path).handler(ctx -> send(ctx, HTML, swaggerPage));
        }
        get(router, "/docs/mcps-init.js").handler(ctx -> send(ctx, JAVASCRIPT, swaggerInit));
        get(router, "/redoc").handler(ctx -> send(ctx, HTML, redocPage));
        get(router, "/redoc/init.js").handler(ctx -> send(ctx, JAVASCRIPT, REDOC_INIT));
        get(router, redocPath).handler(ctx -> ctx.response().putHeader("Content-Type", JAVASCRIPT)
                // The version is in the path: the file behind it never changes.
                .putHeader("Cache-Control", "public, max-age=31536000, immutable").end(redocBundle));
    }

    private static Route get(Router router, String path) {
        return router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD).order(PageHeaders.ORDER + 1);
    }

    private static void send(RoutingContext ctx, String type, String body) {
        ctx.response().putHeader("Content-Type", type).end(body);
    }

    /** The version of the org.webjars:redoc jar on the class path (its Maven metadata), so the pom alone pins it. */
    private static String redocVersion() {
        Properties pom = new Properties();
        try (InputStream in = open("META-INF/maven/org.webjars/redoc/pom.properties")) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pom.getProperty("version");
    }

    private static Buffer resource(String name) {
        try (InputStream in = open(name)) {
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String name) {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is not on the class path: the org.webjars:redoc dependency is missing");
        }
        return in;
    }

    private static final String SWAGGER_PAGE = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>MCPS.ONE API</title>
            <link rel="stylesheet" href="/docs/swagger-ui.css">
            <link rel="icon" href="/docs/favicon.ico">
            </head><body>
            <div id="swagger-ui"></div>
            <script src="/docs/swagger-ui-bundle.js"></script>
            <script src="/docs/swagger-ui-standalone-preset.js"></script>
            <script src="/docs/mcps-init.js"></script>
            </body></html>
            """;

    // validatorUrl null: the default sends every document to validator.swagger.io for a badge.
    private static final String SWAGGER_INIT = """
            window.ui = SwaggerUIBundle({
              urls: {urls},
              "urls.primaryName": "{primary}",
              dom_id: "#swagger-ui",
              deepLinking: true,
              validatorUrl: null,
              presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
              plugins: [SwaggerUIBundle.plugins.DownloadUrl],
              layout: "StandaloneLayout"
            });
            """;

    private static final String REDOC_PAGE = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>MCPS.ONE API</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>body{margin:0} header{padding:8px 16px;font-family:sans-serif;background:#f4f4f4}</style>
            </head><body>
            <header>MCPS.ONE API &mdash; service:
            <select id="service">{options}</select>
            &nbsp;<a href="/docs">Swagger UI</a></header>
            <div id="redoc"></div>
            <script src="{bundle}"></script>
            <script src="/redoc/init.js"></script>
            </body></html>
            """;

    private static final String REDOC_INIT = """
            (function () {
              var select = document.getElementById("service");
              function show(url) { Redoc.init(url, {}, document.getElementById("redoc")); }
              select.addEventListener("change", function () { show(select.value); });
              show(select.value);
            })();
            """;
}
