package one.mcps.gateway.auth;

/** The request needs a credential and has no valid one: the gateway answers 401. */
public class EdgeAuthenticationException extends RuntimeException {

    public EdgeAuthenticationException(String detail) {
        super(detail, null, false, false);
    }
}
