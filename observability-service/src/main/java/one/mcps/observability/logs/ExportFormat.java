package one.mcps.observability.logs;

import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** How exported entries are written: a header, one chunk per entry with its separator, a trailer. */
enum ExportFormat {

    CSV("text/csv", "csv"),
    JSON("application/json", "json"),
    NDJSON("application/x-ndjson", "ndjson");

    static final String PATTERN = "csv|json|ndjson";
    private static final String CSV_HEADER = "id,time,level,category,source,message,user,session,tool,request_id,"
            + "attributes\n";

    final String mediaType;
    final String extension;

    ExportFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    String header() {
        return switch (this) {
            case CSV -> CSV_HEADER;
            case JSON -> "[";
            case NDJSON -> "";
        };
    }

    String trailer() {
        return this == JSON ? "]\n" : "";
    }

    /** Writes the entry at position {@code index} (0-based), with what must precede it. */
    Function<LogEntry, String> writer(ObjectMapper mapper, long[] index) {
        return entry -> {
            boolean first = index[0]++ == 0;
            return switch (this) {
                case CSV -> csv(entry, mapper);
                case JSON -> (first ? "\n" : ",\n") + json(entry, mapper);
                case NDJSON -> json(entry, mapper) + "\n";
            };
        };
    }

    private static String csv(LogEntry e, ObjectMapper mapper) {
        return String.join(",", String.valueOf(e.id()), e.time().toString(), LogText.csvCell(e.level()),
                LogText.csvCell(e.category()), LogText.csvCell(e.source()), LogText.csvCell(e.message()),
                LogText.csvCell(e.user()), LogText.csvCell(e.session()), LogText.csvCell(e.tool()),
                LogText.csvCell(e.requestId()), LogText.csvCell(json(e.attributes(), mapper))) + "\n";
    }

    private static String json(Object value, ObjectMapper mapper) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A log entry cannot be written as JSON", e);
        }
    }
}
