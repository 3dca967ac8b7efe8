package one.mcps.tools.db;

import java.util.ArrayList;
import java.util.List;

/**
 * The insert and the versioned update of a table whose rows carry an {@code id} and a {@code version}: the update
 * writes the {@code written} columns ($1..$n), then matches {@code id} ($n+1) and the expected {@code version}
 * ($n+2) and bumps it, so a stale write changes no row. The insert takes {@code id}, the written columns, then
 * {@code insertOnly}, in that order. JSON columns are bound as text and cast, as the reactive client sends them.
 */
public final class VersionedTable {

    private final String insert;
    private final String update;

    public VersionedTable(String table, List<String> written, List<String> insertOnly, List<String> jsonColumns) {
        List<String> columns = new ArrayList<>();
        columns.add("id");
        columns.addAll(written);
        columns.addAll(insertOnly);
        List<String> parameters = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            parameters.add(parameter(columns.get(i), i + 1, jsonColumns));
        }
        this.insert = "insert into " + table + " (" + String.join(", ", columns) + ") values ("
                + String.join(", ", parameters) + ")";
        List<String> assignments = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            assignments.add(written.get(i) + " = " + parameter(written.get(i), i + 1, jsonColumns));
        }
        int id = written.size() + 1;
        this.update = "update " + table + " set " + String.join(", ", assignments)
                + ", version = version + 1 where id = $" + id + " and version = $" + (id + 1);
    }

    public String insert() {
        return insert;
    }

    public String update() {
        return update;
    }

    private static String parameter(String column, int position, List<String> jsonColumns) {
        return "$" + position + (jsonColumns.contains(column) ? "::text::jsonb" : "");
    }
}
