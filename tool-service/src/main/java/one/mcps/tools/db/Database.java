package one.mcps.tools.db;

import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;

/** The service's PostgreSQL pool (reactive client, no ORM): reads on any pooled connection, writes in a transaction. */
@ApplicationScoped
public class Database {

    private final Pool pool;

    public Database(Pool pool) {
        this.pool = pool;
    }

    /** For a read that needs no transaction. */
    public SqlClient client() {
        return pool;
    }

    /**
     * Runs {@code work} in one transaction: committed when its Uni succeeds, rolled back when it fails. An
     * exception {@code work} throws before returning its Uni becomes such a failure too (thrown straight into
     * Vert.x's transaction helper it would skip the rollback).
     */
    public <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(connection -> Uni.createFrom().deferred(() -> work.apply(connection)));
    }
}
