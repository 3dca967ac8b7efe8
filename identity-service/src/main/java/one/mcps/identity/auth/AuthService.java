package one.mcps.identity.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import one.mcps.identity.audit.Actor;
import one.mcps.identity.audit.AuditTrail;
import one.mcps.identity.audit.Printable;
import one.mcps.identity.audit.Revocations;
import one.mcps.identity.passwords.PasswordHasher;
import one.mcps.identity.passwords.PasswordPolicy;
import one.mcps.identity.tokens.RefreshToken;
import one.mcps.identity.tokens.RefreshTokenRepository;
import one.mcps.identity.tokens.Secrets;
import one.mcps.identity.tokens.TokenIssuer;
import one.mcps.identity.users.AccessRevoker;
import one.mcps.identity.users.User;
import one.mcps.identity.users.UserRepository;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.errors.ProblemType;

/**
 * Logins, refreshes and logouts. Failures are audited in a transaction that commits before the caller sees the
 * error, so a refused login still leaves its trace.
 */
@ApplicationScoped
public class AuthService {

    private static final String TARGET = "user";

    /** How a login or refresh ended, decided inside the transaction and answered after it committed. */
    private record Outcome<T>(T value, ProblemException problem) {

        static <T> Outcome<T> of(T value) {
            return new Outcome<>(value, null);
        }

        static <T> Outcome<T> refused(ProblemException problem) {
            return new Outcome<>(null, problem);
        }

        T valueOrThrow() {
            if (problem != null) {
                throw problem;
            }
            return value;
        }
    }

    private final UserRepository users;
    private final RefreshTokenRepository refreshTokens;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final LoginThrottle throttle;
    private final SessionTokens sessions;
    private final TokenIssuer issuer;
    private final Revocations revocations;
    private final AccessRevoker revoker;
    private final AuditTrail audit;

    public AuthService(UserRepository users, RefreshTokenRepository refreshTokens, PasswordHasher hasher,
            PasswordPolicy policy, LoginThrottle throttle, SessionTokens sessions, TokenIssuer issuer,
            Revocations revocations, AccessRevoker revoker, AuditTrail audit) {
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.hasher = hasher;
        this.policy = policy;
        this.throttle = throttle;
        this.sessions = sessions;
        this.issuer = issuer;
        this.revocations = revocations;
        this.revoker = revoker;
        this.audit = audit;
    }

    /**
     * Checks the password; an unknown user costs the same bcrypt work as a wrong password and gets the same answer.
     * A throttled attempt (see {@link LoginThrottle}) is refused with 429 before any password is checked, the same
     * way for an account that exists and one that does not.
     */
    public Uni<TokenPair> login(String username, String password, String address) {
        return signIn(username, password, address, Map.of(), user -> sessions.issue(user, UUID.randomUUID()));
    }

    /**
     * The same password check as {@link #login} (throttling, the same 401 and 429, the same {@code auth.login} audit
     * events, {@code details} added to them) without issuing a session: the OAuth login page, which issues a code
     * after the consent instead. Answers the user.
     */
    public Uni<User> authenticate(String username, String password, String address, Map<String, Object> details) {
        return signIn(username, password, address, details, user -> Uni.createFrom().item(user));
    }

    private <T> Uni<T> signIn(String username, String password, String address, Map<String, Object> details,
            java.util.function.Function<User, Uni<T>> onSuccess) {
        String shownName = Printable.of(username);
        return throttle.claim(username, address)
                .chain(wait -> Panache.withSession(() -> users.findByUsername(username)).chain(found -> {
                    if (!wait.isZero()) {
                        return Panache.withTransaction(() -> audit.failure(actor(found, shownName, address),
                                "auth.login", TARGET, found == null ? null : found.id,
                                with(details, "reason", "throttled")))
                                .replaceWith(Outcome.<T>refused(throttled(wait)));
                    }
                    String hash = found != null && found.enabled ? found.passwordHash : null;
                    return hasher.matches(password, hash).chain(ok -> Panache.withTransaction(
                            () -> settleLogin(found, ok, shownName, address, details, onSuccess)));
                }))
                .call(outcome -> outcome.value() == null ? Uni.createFrom().voidItem()
                        : throttle.succeeded(username, address))
                .map(Outcome::valueOrThrow);
    }

    private <T> Uni<Outcome<T>> settleLogin(User found, boolean ok, String shownName, String address,
            Map<String, Object> details, java.util.function.Function<User, Uni<T>> onSuccess) {
        Actor actor = actor(found, shownName, address);
        if (found == null || !ok) {
            return audit.failure(actor, "auth.login", TARGET, found == null ? null : found.id,
                    with(details, "reason", "invalid_credentials")).replaceWith(Outcome.<T>refused(invalidCredentials()));
        }
        return users.findById(found.id).chain(user -> {
            user.lastLoginAt = Instant.now();
            return onSuccess.apply(user)
                    .call(() -> audit.success(actor, "auth.login", TARGET, user.id, details))
                    .map(Outcome::of);
        });
    }

    private static Map<String, Object> with(Map<String, Object> details, String key, Object value) {
        Map<String, Object> all = new java.util.LinkedHashMap<>(details);
        all.put(key, value);
        return all;
    }

    private static Actor actor(User found, String shownName, String address) {
        return found == null ? Actor.anonymous(shownName, address) : new Actor(found.id.toString(), shownName, address);
    }

    /** Spends a refresh token for a new pair; a spent one presented again revokes its whole family. */
    public Uni<TokenPair> refresh(String refreshToken, String address) {
        return Panache.withTransaction(() -> refreshTokens.findByHashForUpdate(Secrets.sha256(refreshToken)).chain(row -> {
            // An OAuth client's refresh token is refreshed at /oauth/token only: here it would become a full session.
            if (row == null || row.grantId != null || row.revoked || row.expiresAt.isBefore(Instant.now())) {
                return Uni.createFrom().item(Outcome.<TokenPair>refused(invalidRefresh()));
            }
            if (row.spent) {
                return revokeFamily(row.familyId)
                        .call(() -> audit.failure(new Actor(row.userId.toString(), null, address),
                                "auth.refresh_reused", TARGET, row.userId, Map.of("family_id", row.familyId)))
                        .replaceWith(Outcome.<TokenPair>refused(invalidRefresh()));
            }
            return users.findById(row.userId).chain(user -> {
                if (user == null || !user.enabled) {
                    return Uni.createFrom().item(Outcome.<TokenPair>refused(invalidRefresh()));
                }
                row.spent = true;
                return sessions.issue(user, row.familyId).map(Outcome::of);
            });
        })).map(Outcome::valueOrThrow);
    }

    /** Revokes the access token and the refresh family it was issued with. */
    public Uni<Void> logout(String jti, Instant expiresAt, Actor actor) {
        return Panache.withTransaction(() -> revocations.token(jti, expiresAt)
                .chain(() -> refreshTokens.findByAccessJti(jti))
                .chain(row -> row == null ? Uni.createFrom().voidItem() : revokeFamily(row.familyId))
                .chain(() -> audit.success(actor, "auth.logout", TARGET, actor.id(), Map.of())));
    }

    public Uni<Void> changePassword(UUID userId, String currentPassword, String newPassword, Actor actor) {
        policy.check("new_password", newPassword);
        return Panache.withSession(() -> users.findById(userId))
                .chain(user -> user == null ? Uni.createFrom().failure(noAccount())
                        : hasher.matches(currentPassword, user.passwordHash))
                .chain(ok -> ok ? hasher.hash(newPassword)
                        : Uni.createFrom().failure(ProblemException.invalidField("current_password", "is wrong")))
                .chain(hash -> Panache.withTransaction(() -> users.findById(userId).chain(user -> {
                    user.passwordHash = hash;
                    user.updatedAt = Instant.now();
                    return revoker.revokeTokens(user).chain(() -> audit.success(actor, "user.password_changed",
                            TARGET, user.id, Map.of("username", user.username)));
                })));
    }

    public Uni<User> me(String userId) {
        UUID id;
        try {
            id = UUID.fromString(userId);
        } catch (IllegalArgumentException | NullPointerException e) {
            return Uni.createFrom().failure(noAccount());
        }
        return Panache.withSession(() -> users.findById(id))
                .onItem().ifNull().failWith(AuthService::noAccount);
    }

    /** Revokes a refresh family and the live access tokens issued in it (also OAuth families: code reuse). */
    public Uni<Void> revokeFamily(UUID familyId) {
        Instant accessCutoff = Instant.now().minus(issuer.accessTtl());
        return refreshTokens.family(familyId).chain(rows -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (RefreshToken member : rows) {
                member.revoked = true;
                if (member.createdAt.isAfter(accessCutoff)) {
                    Instant accessExpiry = member.createdAt.plus(issuer.accessTtl());
                    chain = chain.chain(() -> revocations.token(member.accessJti, accessExpiry));
                }
            }
            return chain;
        });
    }

    private static ProblemException invalidCredentials() {
        return new ProblemException(ProblemType.UNAUTHORIZED, "The username or password is wrong.");
    }

    private static ProblemException invalidRefresh() {
        return new ProblemException(ProblemType.UNAUTHORIZED,
                "The refresh token is not valid (unknown, expired, revoked or already used); log in again.");
    }

    /** The same answer whichever counter holds the attempt back, and whether or not the account exists. */
    private static ProblemException throttled(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new ProblemException(ProblemType.RATE_LIMITED, "Too many failed logins for this account or from "
                + "this address; try again in " + seconds + " s.", List.of(),
                Map.of("Retry-After", Long.toString(seconds)));
    }

    private static ProblemException noAccount() {
        return ProblemException.notFound("The caller has no user account.");
    }
}
