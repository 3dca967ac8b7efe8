package one.mcps.gateway.docs;

import java.util.stream.Collectors;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import one.mcps.gateway.routing.RouteTable;

/** ReDoc over every service's API documentation, one service at a time. */
@Path("/redoc")
@PermitAll
@Tag(name = "Docs", description = "Every service's OpenAPI document, Swagger UI (/docs) and ReDoc (/redoc)")
public class RedocResource {

    private final String redocPage;

    public RedocResource(RouteTable table) {
        String options = table.upstreams().stream()
                .map(u -> "<option value=\"/api/v1/proxy/openapi/" + u.name() + "\">" + u.name() + "</option>")
                .collect(Collectors.joining());
        this.redocPage = REDOC.replace("{options}", options);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "ReDoc over every service's OpenAPI document, one service at a time")
    public String redoc() {
        return redocPage;
    }

    // The ReDoc bundle is loaded by the browser from its CDN: no Maven artifact ships it.
    private static final String REDOC = """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>MCPS.ONE API</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>body{margin:0} header{padding:8px 16px;font-family:sans-serif;background:#f4f4f4}</style>
            </head><body>
            <header>MCPS.ONE API &mdash; service:
            <select id="service" onchange="show(this.value)"><option value="/q/openapi?format=json">gateway-service</option>{options}</select>
            &nbsp;<a href="/docs">Swagger UI</a></header>
            <div id="redoc"></div>
            <script src="https://cdn.redoc.ly/redoc/latest/bundles/redoc.standalone.js"></script>
            <script>
            function show(url){Redoc.init(url,{},document.getElementById('redoc'));}
            show(document.getElementById('service').value);
            </script>
            </body></html>
            """;
}
