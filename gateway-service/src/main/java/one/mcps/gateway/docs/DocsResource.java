package one.mcps.gateway.docs;

import java.util.stream.Collectors;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.smallrye.mutiny.Uni;
import one.mcps.gateway.routing.RouteTable;
import one.mcps.platform.errors.Problem;

/** Every service's API documentation through the gateway: the OpenAPI documents and a ReDoc page. */
@Path("/")
@PermitAll
@Tag(name = "Docs", description = "Every service's OpenAPI document, Swagger UI (/docs) and ReDoc (/redoc)")
public class DocsResource {

    private final OpenApiDocuments documents;
    private final String redocPage;

    public DocsResource(OpenApiDocuments documents, RouteTable table) {
        this.documents = documents;
        String options = table.upstreams().stream()
                .map(u -> "<option value=\"/api/v1/proxy/openapi/" + u.name() + "\">" + u.name() + "</option>")
                .collect(Collectors.joining());
        this.redocPage = REDOC.replace("{options}", options);
    }

    @GET
    @Path("/api/v1/proxy/openapi/{service}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The OpenAPI document of a service behind the gateway (e.g. tool-service)")
    @APIResponse(responseCode = "200", description = "The service's OpenAPI 3 document")
    @APIResponse(responseCode = "404", description = "No such service",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The service does not answer",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<String> openApi(@PathParam("service") String service) {
        return documents.document(service);
    }

    @GET
    @Path("/redoc")
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
