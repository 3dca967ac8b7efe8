package one.mcps.tools.db;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

/**
 * Conversions between the service's Java fields and PostgreSQL column values of the reactive client: instants as
 * {@code timestamptz}, lists as {@code varchar[]}, maps as {@code jsonb} (bound as text, cast in the SQL:
 * {@code $n::text::jsonb}; read as {@code column::text}).
 */
public final class Rows {

    /**
     * jsonb columns hold plain maps as the client gave them (environment names, task params and results): no
     * naming strategy of the REST API applies to them.
     */
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Object>> OBJECTS = new TypeReference<>() {
    };

    private Rows() {
    }

    public static <T> List<T> list(RowSet<Row> rows, Function<Row, T> mapper) {
        List<T> items = new ArrayList<>(rows.size());
        rows.forEach(row -> items.add(mapper.apply(row)));
        return items;
    }

    /** The first row mapped, or null when there is none. */
    public static <T> T first(RowSet<Row> rows, Function<Row, T> mapper) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? mapper.apply(iterator.next()) : null;
    }

    public static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    public static String[] array(List<String> values) {
        return values.toArray(String[]::new);
    }

    public static List<String> strings(Row row, String column) {
        String[] values = row.getArrayOfStrings(column);
        return values == null ? new ArrayList<>() : new ArrayList<>(Arrays.asList(values));
    }

    /** JSON text for a {@code $n::text::jsonb} parameter; null stays SQL null. */
    public static String json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not serializable as JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static Map<String, String> stringMap(Row row, String column) {
        return read(row.getString(column), STRINGS);
    }

    public static Map<String, Object> objectMap(Row row, String column) {
        return read(row.getString(column), OBJECTS);
    }

    private static <T> T read(String json, TypeReference<T> type) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A jsonb column holds invalid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
