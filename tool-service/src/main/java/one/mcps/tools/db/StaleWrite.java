package one.mcps.tools.db;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import one.mcps.platform.errors.ProblemException;

/**
 * Optimistic locking: a write carries {@code where id = … and version = <the version read>}; when it matched no
 * row, someone else changed (or removed) the row meanwhile, and the caller gets a 409.
 */
public final class StaleWrite {

    private StaleWrite() {
    }

    public static void check(RowSet<Row> written, String what) {
        if (written.rowCount() == 0) {
            throw ProblemException.conflict("The " + what + " was changed by someone else meanwhile: reload it and "
                    + "apply your change again.");
        }
    }
}
