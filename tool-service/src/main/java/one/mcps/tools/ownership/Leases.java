package one.mcps.tools.ownership;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import one.mcps.tools.db.Database;

/**
 * One instance's side of the instance registry and the tool leases ({@code tool_instances}, {@code tool_leases}).
 * Every expiry is decided by the database's clock. Acquisition is a single conditional upsert, so of two instances
 * reaching for the same tool exactly one gets it, with the generation counted up.
 */
@ApplicationScoped
public class Leases {

    private static final String FOREIGN_KEY_VIOLATION = "23503";

    private final Database db;
    private final String instanceId;
    private final String bridgeBaseUrl;
    private final long ttlMs;

    @Inject
    public Leases(Database db, @ConfigProperty(name = "mcps.instance.id") String instanceId,
            @ConfigProperty(name = "mcps.tools.bridge-base-url") String bridgeBaseUrl, OwnershipConfig config) {
        this(db, instanceId, bridgeBaseUrl, config.ttl());
    }

    /** Another instance's view on the same database (tests run two of them side by side). */
    public Leases(Database db, String instanceId, String bridgeBaseUrl, Duration ttl) {
        this.db = db;
        this.instanceId = instanceId;
        this.bridgeBaseUrl = bridgeBaseUrl;
        this.ttlMs = ttl.toMillis();
    }

    /** A tool's lease; {@code live} while its owner holds it unexpired. */
    public record Lease(UUID toolId, String owner, long generation, boolean live, String ownerBridgeBase) {

        public boolean heldBy(String instance) {
            return live && instance.equals(owner);
        }
    }

    /** An instance whose heartbeat is younger than the TTL. */
    public record Instance(String id, String bridgeBaseUrl) {
    }

    public String instanceId() {
        return instanceId;
    }

    public String bridgeBaseUrl() {
        return bridgeBaseUrl;
    }

    /** Announces (or refreshes) this instance and where its bridge is. */
    public Uni<Void> heartbeat() {
        return db.client().preparedQuery("insert into tool_instances (instance_id, bridge_base_url) values ($1, $2) "
                + "on conflict (instance_id) do update set bridge_base_url = excluded.bridge_base_url, "
                + "heartbeat_at = now()").execute(Tuple.of(instanceId, bridgeBaseUrl)).replaceWithVoid();
    }

    /** This instance is gone: it no longer counts in anyone's fair share. */
    public Uni<Void> leave() {
        return db.client().preparedQuery("delete from tool_instances where instance_id = $1")
                .execute(Tuple.of(instanceId)).replaceWithVoid();
    }

    /** Live instances, oldest first, this one included once it sent a heartbeat. */
    public Uni<List<Instance>> liveInstances() {
        return db.client().preparedQuery("select instance_id, bridge_base_url from tool_instances "
                + "where heartbeat_at > now() - $1::bigint * interval '1 millisecond' order by started_at, instance_id")
                .execute(Tuple.of(ttlMs)).map(rows -> {
                    List<Instance> live = new ArrayList<>();
                    rows.forEach(r -> live.add(new Instance(r.getString("instance_id"), r.getString("bridge_base_url"))));
                    return live;
                });
    }

    /**
     * Extends every lease this instance still holds; returns them (tool id → generation). One that expired (a
     * round delayed on a loaded host) but that nobody took is still this instance's, under the same generation:
     * taking a lease changes its owner and generation in one statement, so expiry only lets others take it, and
     * a lease someone took is no longer returned here.
     */
    public Uni<Map<UUID, Long>> renew() {
        return db.client().preparedQuery("update tool_leases set expires_at = now() + $2::bigint * interval "
                + "'1 millisecond' where owner = $1 returning tool_id, generation")
                .execute(Tuple.of(instanceId, ttlMs)).map(rows -> {
                    Map<UUID, Long> held = new HashMap<>();
                    rows.forEach(r -> held.put(r.getUUID("tool_id"), r.getLong("generation")));
                    return held;
                });
    }

    /**
     * Takes the tool if nobody holds it (never owned, released, or expired): its new generation, or null when
     * another instance holds it (or the tool is gone). A live lease of this very instance is confirmed under its
     * generation, not taken again: this instance's own round may have taken the tool between a request's look at
     * the lease and this call, and a new generation would fence out the start that round began.
     */
    public Uni<Long> acquire(UUID toolId) {
        return db.client().preparedQuery("insert into tool_leases (tool_id, owner, generation, expires_at) "
                + "values ($1, $2, 1, now() + $3::bigint * interval '1 millisecond') on conflict (tool_id) do update "
                + "set owner = excluded.owner, expires_at = excluded.expires_at, generation = case when "
                + "tool_leases.owner = excluded.owner and tool_leases.expires_at > now() then tool_leases.generation "
                + "else tool_leases.generation + 1 end "
                + "where tool_leases.owner is null or tool_leases.expires_at <= now() "
                + "or tool_leases.owner = excluded.owner returning generation")
                .execute(Tuple.of(toolId, instanceId, ttlMs))
                .map(rows -> rows.size() == 0 ? (Long) null : rows.iterator().next().getLong("generation"))
                .onFailure(e -> e instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState()))
                .recoverWithNull();
    }

    /** Gives the tool up (others may take it at once); nothing if this instance no longer holds that generation. */
    public Uni<Void> release(UUID toolId, long generation) {
        return db.client().preparedQuery("update tool_leases set owner = null, expires_at = null "
                + "where tool_id = $1 and owner = $2 and generation = $3")
                .execute(Tuple.of(toolId, instanceId, generation)).replaceWithVoid();
    }

    /**
     * Gives the tool to {@code successor} directly (a graceful stop's make-before-break): its new generation, or null
     * when this instance no longer holds {@code generation}. The successor renews it from its next round on.
     */
    public Uni<Long> handOver(UUID toolId, long generation, String successor) {
        return db.client().preparedQuery("update tool_leases set owner = $3, generation = generation + 1, "
                + "expires_at = now() + $4::bigint * interval '1 millisecond' "
                + "where tool_id = $1 and owner = $2 and generation = $5 returning generation")
                .execute(Tuple.of(toolId, instanceId, successor, ttlMs, generation))
                .map(rows -> rows.size() == 0 ? (Long) null : rows.iterator().next().getLong("generation"));
    }

    /** Gives up every lease of this instance (a graceful stop, or leftovers of an earlier run with the same id). */
    public Uni<Void> releaseAll() {
        return db.client().preparedQuery("update tool_leases set owner = null, expires_at = null where owner = $1")
                .execute(Tuple.of(instanceId)).replaceWithVoid();
    }

    /** Who holds the tool and where that instance's bridge is; null when the tool was never owned. */
    public Uni<Lease> lease(UUID toolId) {
        return db.client().preparedQuery("select l.tool_id, l.owner, l.generation, "
                + "(l.owner is not null and l.expires_at > now()) as live, i.bridge_base_url from tool_leases l "
                + "left join tool_instances i on i.instance_id = l.owner where l.tool_id = $1")
                .execute(Tuple.of(toolId))
                .map(rows -> rows.size() == 0 ? null : lease(rows.iterator().next()));
    }

    /** As {@link #lease(UUID)}, by the tool's name. */
    public Uni<Lease> leaseByName(String name) {
        return db.client().preparedQuery("select l.tool_id, l.owner, l.generation, "
                + "(l.owner is not null and l.expires_at > now()) as live, i.bridge_base_url from tool_leases l "
                + "join tools t on t.id = l.tool_id left join tool_instances i on i.instance_id = l.owner "
                + "where t.name = $1").execute(Tuple.of(name))
                .map(rows -> rows.size() == 0 ? null : lease(rows.iterator().next()));
    }

    /**
     * Tools that should run and that nobody holds, as many as this instance may take: its fair share is
     * ceil(tools that should run / live instances), less what it holds already. Candidates come in name order and
     * every instance computes the same share, so two instances starting together split the tools between them
     * instead of racing for all. Returns what was acquired (tool id → generation).
     */
    public Uni<Map<UUID, Long>> claimFairShare() {
        SqlClient client = db.client();
        return liveInstances().chain(live -> client.preparedQuery("select "
                + "(select count(*) from tools where enabled and (auto_start or desired_running)) as should_run, "
                + "(select count(*) from tool_leases where owner = $1 and expires_at > now()) as mine")
                .execute(Tuple.of(instanceId)).chain(rows -> {
                    Row counts = rows.iterator().next();
                    long instances = Math.max(1, live.size());
                    long share = (counts.getLong("should_run") + instances - 1) / instances;
                    long room = share - counts.getLong("mine");
                    if (room <= 0) {
                        return Uni.createFrom().item(Map.<UUID, Long>of());
                    }
                    return client.preparedQuery("select t.id from tools t left join tool_leases l on l.tool_id = t.id "
                            + "where t.enabled and (t.auto_start or t.desired_running) "
                            + "and (l.tool_id is null or l.owner is null or l.expires_at <= now()) order by t.name")
                            .execute().chain(candidates -> {
                                List<UUID> ids = new ArrayList<>();
                                candidates.forEach(r -> ids.add(r.getUUID("id")));
                                return acquireUpTo(ids, 0, room, new HashMap<>());
                            });
                }));
    }

    private Uni<Map<UUID, Long>> acquireUpTo(List<UUID> ids, int next, long room, Map<UUID, Long> acquired) {
        if (next >= ids.size() || acquired.size() >= room) {
            return Uni.createFrom().item(acquired);
        }
        UUID id = ids.get(next);
        return acquire(id).chain(generation -> {
            if (generation != null) {
                acquired.put(id, generation);
            }
            return acquireUpTo(ids, next + 1, room, acquired);
        });
    }

    /**
     * Whether this instance still holds {@code generation} of the tool's lease, with the lease row locked until the
     * caller's transaction ends: a takeover waits for a write fenced this way, and a write after it is refused.
     */
    public Uni<Boolean> holdsForWrite(SqlClient connection, UUID toolId, long generation) {
        return connection.preparedQuery("select 1 from tool_leases where tool_id = $1 and owner = $2 "
                + "and generation = $3 for share").execute(Tuple.of(toolId, instanceId, generation))
                .map(rows -> rows.size() > 0);
    }

    private static Lease lease(Row r) {
        return new Lease(r.getUUID("tool_id"), r.getString("owner"), r.getLong("generation"), r.getBoolean("live"),
                r.getString("bridge_base_url"));
    }
}
