package one.mcps.observability.logs;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.vertx.mutiny.sqlclient.Tuple;

/** Builds a parameterised {@code where} clause for the reactive PG client ($1, $2, ...). */
final class SqlWhere {

    private final List<String> conditions = new ArrayList<>();
    private final Tuple params = Tuple.tuple();

    static SqlWhere of(LogFilter filter) {
        SqlWhere where = new SqlWhere();
        where.eq("level", filter.level() == null ? null : filter.level().toUpperCase());
        where.eq("category", filter.category());
        where.eq("source", filter.source());
        where.eq("tool", filter.tool());
        where.eq("user_name", filter.user());
        where.eq("session_id", filter.session());
        where.op("time >=", filter.from());
        where.op("time <", filter.to());
        return where;
    }

    SqlWhere eq(String column, String value) {
        if (value != null) {
            conditions.add(column + " = " + bind(value));
        }
        return this;
    }

    SqlWhere op(String columnAndOperator, Instant value) {
        if (value != null) {
            conditions.add(columnAndOperator + " " + bind(value.atOffset(ZoneOffset.UTC)));
        }
        return this;
    }

    /** Adds a condition written with placeholders from {@link #bind}. */
    SqlWhere condition(String condition) {
        conditions.add(condition);
        return this;
    }

    /** Adds a parameter without a condition (for select lists and order by) and returns its placeholder. */
    String bind(Object value) {
        params.addValue(value instanceof Instant i ? OffsetDateTime.ofInstant(i, ZoneOffset.UTC) : value);
        return "$" + params.size();
    }

    String sql() {
        return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
    }

    Tuple params() {
        return params;
    }
}
