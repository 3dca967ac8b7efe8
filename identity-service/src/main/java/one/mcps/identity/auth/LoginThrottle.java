package one.mcps.identity.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import one.mcps.identity.auth.ThrottleRule.Failures;
import one.mcps.platform.config.RuntimeSettings;

/**
 * Failed-login counters in {@code login_failures}, shared by every instance: one row per account name
 * ({@code address = ''}), per client address ({@code account = ''}) and per pair. Account names are counted whether
 * or not such a user exists, so throttling says nothing about which accounts exist.
 * <p>
 * An attempt is counted before its password is checked and forgiven when it succeeds: counting afterwards would let
 * a burst of parallel attempts all pass the check before the first failure is written. The counters' rows are
 * locked while an attempt is decided, so parallel attempts are decided one after the other.
 */
@Singleton
public class LoginThrottle {

    /** The runtime setting ({@code mcps.system.config}) that overrides {@code mcps.auth.max-login-attempts}. */
    public static final String MAX_LOGIN_ATTEMPTS = "max_login_attempts";
    private static final String UNKNOWN_ADDRESS = "unknown";

    private static final String LOCK = "select account, address, failures, last_failure_at from login_failures "
            + "where (account = $1 and address = '') or (account = '' and address = $2) "
            + "or (account = $1 and address = $2) order by account, address for update";
    // Rows in the order of the lock above, so two attempts never wait for each other's rows crosswise.
    private static final String COUNT = "insert into login_failures as f (account, address, failures, "
            + "last_failure_at) values ('', $2, 1, $3), ($1, '', 1, $3), ($1, $2, 1, $3) "
            + "on conflict (account, address) do update set failures = case when f.last_failure_at < $4 then 1 "
            + "else f.failures + 1 end, last_failure_at = excluded.last_failure_at";
    private static final String FORGIVE_PAIR = "delete from login_failures where account = $1 and address = $2";
    private static final String FORGIVE_ONE = "update login_failures set failures = failures - 1 "
            + "where ((account = $1 and address = '') or (account = '' and address = $2)) and failures > 0";
    private static final String FORGET_ACCOUNT = "delete from login_failures where account = $1";
    private static final String PURGE = "delete from login_failures where last_failure_at < $1";

    private final Pool pool;
    private final RuntimeSettings settings;
    private final int maxLoginAttempts;
    private final int addressAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Duration window;

    public LoginThrottle(Pool pool, RuntimeSettings settings,
            @ConfigProperty(name = "mcps.auth.max-login-attempts") int maxLoginAttempts,
            @ConfigProperty(name = "mcps.auth.throttle.address-attempts") int addressAttempts,
            @ConfigProperty(name = "mcps.auth.throttle.base-delay") Duration baseDelay,
            @ConfigProperty(name = "mcps.auth.throttle.max-delay") Duration maxDelay,
            @ConfigProperty(name = "mcps.auth.throttle.window") Duration window) {
        this.pool = pool;
        this.settings = settings;
        this.maxLoginAttempts = maxLoginAttempts;
        this.addressAttempts = addressAttempts;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.window = window;
    }

    /** The rule as it stands now ({@code max_login_attempts} may change at run time). */
    public ThrottleRule rule() {
        long attempts = settings.getLong(MAX_LOGIN_ATTEMPTS, maxLoginAttempts);
        return new ThrottleRule((int) Math.max(1, Math.min(attempts, 1000)), addressAttempts, baseDelay, maxDelay,
                window);
    }

    /**
     * Counts an attempt of {@code username} from {@code address} and answers zero, or refuses it without counting
     * and answers how long to wait.
     */
    public Uni<Duration> claim(String username, String address) {
        String account = account(username);
        String from = address(address);
        ThrottleRule rule = rule();
        Instant now = Instant.now();
        return pool.withTransaction(connection -> connection.preparedQuery(LOCK).execute(Tuple.of(account, from))
                .chain(rows -> {
                    Failures accountWide = null;
                    Failures addressWide = null;
                    Failures pair = null;
                    for (Row row : rows) {
                        Failures failures = new Failures(row.getInteger("failures"),
                                row.getOffsetDateTime("last_failure_at").toInstant());
                        if (row.getString("address").isEmpty()) {
                            accountWide = failures;
                        } else if (row.getString("account").isEmpty()) {
                            addressWide = failures;
                        } else {
                            pair = failures;
                        }
                    }
                    Duration wait = rule.waitFor(accountWide, addressWide, pair, now);
                    return wait.isZero() ? count(connection, account, from, now, rule) : Uni.createFrom().item(wait);
                }));
    }

    /** A successful login: the pair's failures are forgiven, and the attempt counted by {@link #claim}. */
    public Uni<Void> succeeded(String username, String address) {
        Tuple key = Tuple.of(account(username), address(address));
        return pool.withTransaction(connection -> connection.preparedQuery(FORGIVE_PAIR).execute(key)
                .chain(() -> connection.preparedQuery(FORGIVE_ONE).execute(key))).replaceWithVoid();
    }

    /** Clears the failures of an account from every address (an admin's unlock, a password reset). */
    public Uni<Void> forget(String username) {
        return pool.preparedQuery(FORGET_ACCOUNT).execute(Tuple.of(account(username))).replaceWithVoid();
    }

    @Scheduled(every = "${mcps.auth.throttle.purge-interval:10m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return pool.preparedQuery(PURGE).execute(Tuple.of(utc(Instant.now().minus(window)))).replaceWithVoid();
    }

    private static Uni<Duration> count(SqlConnection connection, String account, String address, Instant now,
            ThrottleRule rule) {
        return connection.preparedQuery(COUNT)
                .execute(Tuple.of(account, address, utc(now), utc(now.minus(rule.window()))))
                .replaceWith(Duration.ZERO);
    }

    private static String account(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    private static String address(String address) {
        return address == null || address.isBlank() ? UNKNOWN_ADDRESS : address;
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
