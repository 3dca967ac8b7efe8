package one.mcps.proxy.downstream;

import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import one.mcps.proxy.config.ProxyConfig;

/**
 * Whether the MCP endpoints take requests ({@code POST /api/v1/mcp/proxy/start|stop}); closed answers 503. The switch
 * is stored, so it holds for every instance: the one asked applies it at once, the others within
 * {@code switch-refresh-interval} (the request path only reads the flag in memory). Until an administrator first
 * uses it, {@code open-at-start} decides.
 */
@ApplicationScoped
public class EndpointSwitch {

    private static final Logger LOG = Logger.getLogger(EndpointSwitch.class);
    private static final String READ = "select open from proxy_endpoints where id = 1";
    private static final String WRITE = """
            insert into proxy_endpoints (id, open, changed_at) values (1, $1, now())
            on conflict (id) do update set open = excluded.open, changed_at = excluded.changed_at""";

    private final AtomicBoolean open;
    private final Pool pool;

    public EndpointSwitch(ProxyConfig config, Pool pool) {
        this.open = new AtomicBoolean(config.http().openAtStart());
        this.pool = pool;
    }

    public boolean isOpen() {
        return open.get();
    }

    public Uni<Void> open() {
        return set(true);
    }

    public Uni<Void> close() {
        return set(false);
    }

    private Uni<Void> set(boolean value) {
        return pool.preparedQuery(WRITE).execute(Tuple.of(value)).invoke(() -> open.set(value)).replaceWithVoid();
    }

    @Scheduled(every = "${mcps.mcp.http.switch-refresh-interval}", delay = 0,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return pool.query(READ).execute().invoke(rows -> {
            if (rows.size() > 0) {
                open.set(rows.iterator().next().getBoolean("open"));
            }
        }).onFailure().invoke(e -> LOG.debugf("Reading the endpoint switch failed (retried): %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
