package one.mcps.identity.users;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import one.mcps.identity.audit.Actor;
import one.mcps.identity.audit.Printable;
import one.mcps.identity.auth.LoginThrottle;
import one.mcps.identity.audit.AuditTrail;
import one.mcps.identity.passwords.PasswordHasher;
import one.mcps.identity.passwords.PasswordPolicy;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.security.Roles;

/** Accounts as administrators manage them; every change is audited in its own transaction. */
@ApplicationScoped
public class UserService {

    private static final String TARGET = "user";

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final AccessRevoker revoker;
    private final AuditTrail audit;
    private final LoginThrottle throttle;

    public UserService(UserRepository users, PasswordHasher hasher, PasswordPolicy policy, AccessRevoker revoker,
            AuditTrail audit, LoginThrottle throttle) {
        this.throttle = throttle;
        this.users = users;
        this.hasher = hasher;
        this.policy = policy;
        this.revoker = revoker;
        this.audit = audit;
    }

    public Uni<UserPage> list(String role, String query, int page, int size) {
        return Panache.withSession(() -> users.search(role, query, page, size)
                .chain(found -> users.countSearch(role, query)
                        .map(total -> new UserPage(found.stream().map(UserView::of).toList(), page, size, total))));
    }

    public Uni<User> get(UUID id) {
        return Panache.withSession(() -> require(id));
    }

    /** Creates an account; the password is checked against the policy and hashed off the event loop. */
    public Uni<User> create(String username, String email, String password, List<String> roles, Actor actor,
            String action) {
        policy.check("password", password);
        String[] checkedRoles = UserRules.checkRoles(roles);
        return hasher.hash(password).chain(hash -> Panache.withTransaction(() -> users.usernameTaken(username)
                .chain(taken -> taken ? conflict("username", username) : users.emailTaken(email))
                .chain(taken -> taken ? conflict("email", email) : Uni.createFrom().voidItem())
                .chain(() -> {
                    User user = new User();
                    user.id = UUID.randomUUID();
                    user.username = username;
                    user.email = email;
                    user.passwordHash = hash;
                    user.roles = checkedRoles;
                    user.enabled = true;
                    user.createdAt = Instant.now();
                    user.updatedAt = user.createdAt;
                    return users.persist(user);
                })
                .call(user -> audit.success(actor, action, TARGET, user.id,
                        Map.of("username", user.username, "roles", List.of(user.roles))))));
    }

    public Uni<User> update(UUID id, UpdateUserRequest request, Actor actor) {
        String[] roles = request.roles() == null ? null : UserRules.checkRoles(request.roles());
        return Panache.withTransaction(() -> require(id).call(user -> {
            boolean losesAdmin = user.enabled && user.hasRole(Roles.ADMIN)
                    && (roles != null && !List.of(roles).contains(Roles.ADMIN)
                            || Boolean.FALSE.equals(request.enabled()));
            return losesAdmin ? guardLastAdmin() : Uni.createFrom().voidItem();
        }).call(user -> request.email() == null || request.email().equalsIgnoreCase(user.email)
                ? Uni.createFrom().voidItem()
                : users.emailTaken(request.email())
                        .chain(taken -> taken ? conflict("email", request.email()) : Uni.createFrom().voidItem()))
                .call(user -> {
                    boolean disabling = user.enabled && Boolean.FALSE.equals(request.enabled());
                    if (request.email() != null) {
                        user.email = request.email();
                    }
                    boolean rolesChange = roles != null && !Set.copyOf(List.of(roles)).equals(Set.copyOf(List.of(user.roles)));
                    if (roles != null) {
                        user.roles = roles;
                    }
                    if (request.enabled() != null) {
                        user.enabled = request.enabled();
                    }
                    user.updatedAt = Instant.now();
                    // Tokens carry the roles they were issued with, so a change of roles revokes them everywhere (a
                    // demoted admin's token must not stay an admin token); API keys read the owner's roles on every
                    // check (and remote caches drop them on the user revocation).
                    Uni<Void> revoke = disabling ? revoker.revokeEverything(user)
                            : rolesChange ? revoker.revokeTokens(user) : Uni.createFrom().voidItem();
                    return revoke.chain(() -> audit.success(actor, "user.updated", TARGET, user.id, Map.of(
                            "username", user.username, "roles", List.of(user.roles), "enabled", user.enabled)));
                }));
    }

    public Uni<Void> delete(UUID id, Actor actor) {
        return Panache.withTransaction(() -> require(id)
                .call(user -> user.enabled && user.hasRole(Roles.ADMIN) ? guardLastAdmin()
                        : Uni.createFrom().voidItem())
                .call(revoker::revokeEverything)
                .call(user -> audit.success(actor, "user.deleted", TARGET, user.id,
                        Map.of("username", user.username)))
                .call(users::delete)
                .replaceWithVoid());
    }

    /** Sets the given password, or a generated one that is returned this once. */
    public Uni<ResetPasswordResponse> resetPassword(UUID id, String password, Actor actor) {
        String newPassword = password == null ? policy.generate() : password;
        if (password != null) {
            policy.check("password", password);
        }
        return hasher.hash(newPassword).chain(hash -> Panache.withTransaction(() -> require(id).call(user -> {
            user.passwordHash = hash;
            user.updatedAt = Instant.now();
            return revoker.revokeTokens(user)
                    .chain(() -> audit.success(actor, "user.password_reset", TARGET, user.id,
                            Map.of("username", user.username)));
        }))).call(user -> throttle.forget(user.username)).map(user -> new ResetPasswordResponse(user.id.toString(), password == null ? newPassword : null));
    }

    /**
     * Clears the failed logins of the user's account name from every address, so a throttled user may log in at
     * once. The addresses' own counters stay: they belong to whoever failed from there.
     */
    public Uni<Void> unlock(UUID id, Actor actor) {
        return Panache.withTransaction(() -> require(id).call(user -> audit.success(actor, "user.unlocked", TARGET,
                user.id, Map.of("username", user.username))))
                .chain(user -> throttle.forget(user.username));
    }

    Uni<User> require(UUID id) {
        return users.findById(id).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("No user has the id " + id + "."));
    }

    private Uni<Void> guardLastAdmin() {
        return users.countEnabledAdmins().chain(admins -> admins <= 1
                ? Uni.createFrom().failure(ProblemException.conflict(
                        "This is the last enabled admin; make another user admin first."))
                : Uni.createFrom().voidItem());
    }

    private static <T> Uni<T> conflict(String field, String value) {
        return Uni.createFrom().failure(ProblemException.conflict("A user with this " + field + " already exists: "
                + Printable.of(value) + "."));
    }
}
