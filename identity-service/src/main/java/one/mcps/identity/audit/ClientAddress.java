package one.mcps.identity.audit;

import io.vertx.core.http.HttpServerRequest;

/** The caller's address for audit events (the gateway's forwarding headers are honoured by HTTP config). */
public final class ClientAddress {

    private ClientAddress() {
    }

    public static String of(HttpServerRequest request) {
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }
}
