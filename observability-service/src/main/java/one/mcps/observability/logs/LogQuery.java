package one.mcps.observability.logs;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

import one.mcps.platform.errors.ProblemException;

/** The query parameters of the logs endpoints: filters and paging. */
public class LogQuery {

    @QueryParam("level")
    @Pattern(regexp = "(?i)debug|info|warn|error", message = "must be one of DEBUG, INFO, WARN, ERROR")
    public String level;

    @QueryParam("category")
    @Pattern(regexp = "system|operation|mcp|tool", message = "must be one of system, operation, mcp, tool")
    public String category;

    @QueryParam("source")
    public String source;

    @QueryParam("tool")
    public String tool;

    @QueryParam("user")
    public String user;

    @QueryParam("session")
    public String session;

    /** ISO-8601 instant, inclusive. */
    @QueryParam("from")
    public String from;

    /** ISO-8601 instant, exclusive. */
    @QueryParam("to")
    public String to;

    @QueryParam("page")
    @DefaultValue("1")
    @Min(1)
    public int page;

    @QueryParam("size")
    @DefaultValue("20")
    @Min(1)
    @Max(100)
    public int size;

    public LogFilter filter() {
        return new LogFilter(level == null ? null : level.toUpperCase(), category, source, tool, user, session,
                instant("from", from), instant("to", to));
    }

    private static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(field, "must be an ISO-8601 time such as 2026-01-31T12:00:00Z");
        }
    }
}
