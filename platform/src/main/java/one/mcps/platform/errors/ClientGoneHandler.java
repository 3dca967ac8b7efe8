package one.mcps.platform.errors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.Router;

/**
 * A request whose client hung up while it was being read or served (a proxy restarting, a cancelled call) failed
 * with nobody left to answer: that is not a server error, so it is noted at debug level instead of reaching
 * Quarkus' error handler, which logged it as an ERROR with an error id.
 */
@ApplicationScoped
public class ClientGoneHandler {

    private static final Logger LOG = Logger.getLogger(ClientGoneHandler.class);

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(ctx -> {
            if (ctx.failure() instanceof HttpClosedException) {
                LOG.debugf("%s %s: the client closed the connection", ctx.request().method(), ctx.normalizedPath());
                return;
            }
            ctx.next();
        });
    }
}
