package one.mcps.tools.db;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The conditions of a filtered list, each written with {@code ?} for its values, numbered into PostgreSQL's
 * {@code $n} parameters as they are added.
 */
public final class Where {

    private final List<String> conditions = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();

    /** Adds {@code condition} when {@code value} is not null; each {@code ?} in it is bound to {@code value}. */
    public Where andIf(Object value, String condition) {
        if (value == null) {
            return this;
        }
        StringBuilder numbered = new StringBuilder();
        for (char c : condition.toCharArray()) {
            if (c == '?') {
                values.add(value);
                numbered.append('$').append(values.size());
            } else {
                numbered.append(c);
            }
        }
        conditions.add(numbered.toString());
        return this;
    }

    /**
     * A page of {@code from} (e.g. {@code "select … from tools"}) under these conditions in {@code order}, with
     * the total of matching rows.
     */
    public <T> Uni<Page<T>> page(SqlClient db, String select, String from, String order, int index, int size,
            Function<Row, T> mapper) {
        String clause = conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
        int limit = values.size() + 1;
        List<Object> paged = new ArrayList<>(values);
        paged.add((long) size);
        paged.add((long) index * size);
        String query = select + " from " + from + clause + " order by " + order + " limit $" + limit + " offset $"
                + (limit + 1);
        return db.preparedQuery(query).execute(Tuple.from(paged)).map(rows -> Rows.list(rows, mapper))
                .chain(items -> db.preparedQuery("select count(*) from " + from + clause).execute(Tuple.from(values))
                        .map(rows -> new Page<>(items, rows.iterator().next().getLong(0))));
    }
}
