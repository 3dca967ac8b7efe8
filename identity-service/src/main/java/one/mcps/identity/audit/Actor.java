package one.mcps.identity.audit;

import java.util.UUID;

import io.quarkus.security.identity.SecurityIdentity;
import one.mcps.platform.security.Caller;

/** Who does something and from which address, for audit events. */
public record Actor(String id, String name, String address) {

    public static Actor of(SecurityIdentity identity, String address) {
        Caller caller = Caller.of(identity);
        return new Actor(caller.userId(), caller.username(), address);
    }

    public static Actor anonymous(String name, String address) {
        return new Actor(null, name, address);
    }

    public UUID userId() {
        return id == null ? null : UUID.fromString(id);
    }
}
