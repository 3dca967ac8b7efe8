package one.mcps.proxy.upstream;

import io.smallrye.mutiny.Uni;
import reactor.core.publisher.Mono;

/**
 * The edge between the SDK (Reactor) and the rest of the service (Mutiny). The Mono is subscribed lazily, and
 * cancelling the Uni cancels the Reactor subscription (Reactor's future cancels its subscriber).
 */
final class Monos {

    private Monos() {
    }

    static <T> Uni<T> uni(Mono<T> mono) {
        return Uni.createFrom().completionStage(mono::toFuture);
    }
}
