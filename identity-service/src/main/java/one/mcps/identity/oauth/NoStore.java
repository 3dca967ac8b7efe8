package one.mcps.identity.oauth;

import jakarta.ws.rs.core.Response;

/** RFC 6749 §5.1: answers that carry tokens or codes (and their errors) must not be cached anywhere. */
public final class NoStore {

    private NoStore() {
    }

    public static Response.ResponseBuilder apply(Response.ResponseBuilder response) {
        return response.header("Cache-Control", "no-store").header("Pragma", "no-cache");
    }
}
