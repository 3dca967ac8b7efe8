package one.mcps.identity.passwords;

import java.util.concurrent.Callable;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * bcrypt hashing and checking. Both take a few hundred milliseconds on purpose, so they run on a worker thread and
 * resume on the caller's Vert.x context (Hibernate Reactive sessions must stay on it).
 */
@ApplicationScoped
public class PasswordHasher {

    private final int cost;
    private volatile String dummyHash;

    public PasswordHasher(@ConfigProperty(name = "mcps.auth.bcrypt-cost") int cost) {
        this.cost = cost;
    }

    public Uni<String> hash(String password) {
        return offload(() -> BcryptUtil.bcryptHash(password, cost));
    }

    /**
     * True when the password matches the hash. With no hash (unknown user) it checks against a dummy hash of the
     * same cost and answers false, so an unknown user costs the same time as a wrong password.
     */
    public Uni<Boolean> matches(String password, String hash) {
        return offload(() -> {
            if (hash == null) {
                BcryptUtil.matches(password, dummyHash());
                return false;
            }
            return BcryptUtil.matches(password, hash);
        });
    }

    private String dummyHash() {
        String dummy = dummyHash;
        if (dummy == null) {
            dummy = BcryptUtil.bcryptHash("no user has this password", cost);
            dummyHash = dummy;
        }
        return dummy;
    }

    private static <T> Uni<T> offload(Callable<T> work) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Uni.createFrom().item(() -> call(work)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        return Uni.createFrom().completionStage(() -> context.executeBlocking(work, false).toCompletionStage());
    }

    private static <T> T call(Callable<T> work) {
        try {
            return work.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
