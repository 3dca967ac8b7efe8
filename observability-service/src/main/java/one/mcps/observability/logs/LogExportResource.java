package one.mcps.observability.logs;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Multi;
import one.mcps.platform.security.Roles;

@Path("/api/v1/logs/export")
@Tag(name = "Logs")
@RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
public class LogExportResource {

    private final LogRepository logs;
    private final ObjectMapper mapper;
    private final int pageSize;

    public LogExportResource(LogRepository logs, ObjectMapper mapper,
            @ConfigProperty(name = "mcps.logs.export.page-size") int pageSize) {
        this.logs = logs;
        this.mapper = mapper;
        this.pageSize = pageSize;
    }

    @GET
    // The body is written chunk by chunk in the format asked for; the real Content-Type is set per format below.
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Every matching entry as CSV, a JSON array or NDJSON, streamed (page and size are ignored)")
    @APIResponse(responseCode = "200", description = "The entries, newest first")
    @APIResponse(responseCode = "400", description = "Invalid filter or format (problem+json)")
    public Multi<byte[]> export(@Valid @BeanParam LogQuery query,
            @QueryParam("format") @DefaultValue("ndjson") @Pattern(regexp = ExportFormat.PATTERN,
                    message = "must be one of csv, json, ndjson") String format) {
        ExportFormat chosen = ExportFormat.valueOf(format.toUpperCase());
        LogFilter filter = query.filter();
        Function<LogEntry, String> writer = chosen.writer(mapper, new long[] { 0 });
        Multi<String> body = Multi.createBy().concatenating().streams(
                Multi.createFrom().item(chosen.header()),
                logs.streamPages(filter, pageSize).map(page -> {
                    StringBuilder chunk = new StringBuilder();
                    page.forEach(entry -> chunk.append(writer.apply(entry)));
                    return chunk.toString();
                }),
                Multi.createFrom().item(chosen::trailer));
        return RestMulti.fromMultiData(body.filter(s -> !s.isEmpty()).map(s -> s.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", chosen.mediaType + "; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"mcps-logs." + chosen.extension + "\"")
                .build();
    }
}
