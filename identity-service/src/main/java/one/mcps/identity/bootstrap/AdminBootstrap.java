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
import io.smallrye.mutiny.Uni;
import one.mcps.identity.audit.Actor;
import one.mcps.identity.users.UserRepository;
import one.mcps.identity.users.UserService;
import one.mcps.platform.security.Roles;

/** Creates the first admin account on start when it does not exist and a password for it is configured. */
@ApplicationScoped
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);

    private final UserRepository users;
    private final UserService service;
    private final String username;
    private final String email;
    private final Optional<String> password;

    public AdminBootstrap(UserRepository users, UserService service,
            @ConfigProperty(name = "mcps.admin.username") String username,
            @ConfigProperty(name = "mcps.admin.email") String email,
            @ConfigProperty(name = "mcps.admin.password") Optional<String> password) {
        this.users = users;
        this.service = service;
        this.username = username;
        this.email = email;
        this.password = password.filter(p -> !p.isBlank());
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        if (password.isEmpty()) {
            LOG.infof("No admin password configured (MCPS_ADMIN_PASSWORD); no admin account is created");
            return;
        }
        boolean created = VertxContextSupport.subscribeAndAwait(() -> Panache
                .withSession(() -> users.findByUsername(username))
                .chain(existing -> existing != null ? Uni.createFrom().item(false)
                        : service.create(username, email, password.get(), List.of(Roles.ADMIN),
                                new Actor(null, "system", null), "user.created").replaceWith(true)));
        if (created) {
            LOG.infof("Created the admin account '%s' with the configured password", username);
        }
    }
}
