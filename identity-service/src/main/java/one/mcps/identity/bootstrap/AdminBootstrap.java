package one.mcps.identity.bootstrap;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import one.mcps.identity.audit.Actor;
import one.mcps.identity.passwords.PasswordHasher;
import one.mcps.identity.users.User;
import one.mcps.identity.users.UserRepository;
import one.mcps.identity.users.UserService;
import one.mcps.platform.security.Roles;

/** Creates the first admin account on start when it does not exist and a password for it is configured. */
@ApplicationScoped
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);

    private final UserRepository users;
    private final UserService service;
    private final PasswordHasher hasher;
    private final String username;
    private final String email;
    private final Optional<String> password;

    public AdminBootstrap(UserRepository users, UserService service, PasswordHasher hasher,
            @ConfigProperty(name = "mcps.admin.username") String username,
            @ConfigProperty(name = "mcps.admin.email") String email,
            @ConfigProperty(name = "mcps.admin.password") Optional<String> password) {
        this.users = users;
        this.service = service;
        this.hasher = hasher;
        this.username = username;
        this.email = email;
        this.password = password.filter(p -> !p.isBlank());
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        seed();
    }

    /**
     * Every instance runs this at start, several of them at the same moment against one database: whichever inserts
     * the admin first wins, and the others find it. An admin that already exists keeps its password; a configured
     * one it does not have is reported, never applied (the password was set earlier, by a first start or by hand).
     */
    void seed() throws Throwable {
        if (password.isEmpty()) {
            LOG.infof("No admin password configured (MCPS_ADMIN_PASSWORD); no admin account is created");
            return;
        }
        User existing = find();
        if (existing == null) {
            try {
                VertxContextSupport.subscribeAndAwait(() -> service.create(username, email, password.get(),
                        List.of(Roles.ADMIN), new Actor(null, "system", null), "user.created"));
                LOG.infof("Created the admin account '%s' with the configured password", username);
                return;
            } catch (Throwable e) {
                // Another instance inserted it between our look-up and our insert (a conflict or a unique violation).
                existing = find();
                if (existing == null) {
                    throw e;
                }
            }
        }
        String hash = existing.passwordHash;
        if (!VertxContextSupport.subscribeAndAwait(() -> hasher.matches(password.get(), hash))) {
            LOG.warnf("The configured admin password (MCPS_ADMIN_PASSWORD) was NOT applied: the account '%s' already "
                    + "exists and keeps the password it was given earlier. Log in with that one, or have an admin "
                    + "reset it (POST /api/v1/users/{id}/reset-password).", username);
        }
    }

    private User find() throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> users.findByUsername(username)));
    }
}
