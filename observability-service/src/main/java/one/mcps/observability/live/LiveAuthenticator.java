package one.mcps.observability.live;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import one.mcps.platform.security.Caller;
import one.mcps.platform.security.RevocationRegistry;
import one.mcps.platform.security.Roles;

/**
 * Checks the token a live client presents, in its upgrade request or in its first message (browsers cannot set
 * headers on a WebSocket): the same verification, revocation and roles as the REST API. Parsing may fetch the
 * JWKS, so callers run on a worker thread.
 */
@ApplicationScoped
public class LiveAuthenticator {

    private static final Set<String> ALLOWED = Set.of(Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER, Roles.SERVICE);

    private final JWTParser parser;
    private final RevocationRegistry revocations;

    public LiveAuthenticator(JWTParser parser, RevocationRegistry revocations) {
        this.parser = parser;
        this.revocations = revocations;
    }

    public Optional<Caller> authenticate(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonWebToken jwt = parser.parse(token.startsWith("Bearer ") ? token.substring(7) : token);
            Instant issuedAt = Instant.ofEpochSecond(jwt.getIssuedAtTime());
            if (revocations.isTokenRevoked(jwt.getTokenID()) || revocations.isUserRevoked(jwt.getSubject(), issuedAt)
                    || jwt.getGroups().stream().noneMatch(ALLOWED::contains)) {
                return Optional.empty();
            }
            return Optional.of(new Caller(jwt.getSubject(), jwt.getName(), Set.copyOf(jwt.getGroups()), null, null));
        } catch (ParseException e) {
            return Optional.empty();
        }
    }
}
