package one.mcps.observability.live;

import one.mcps.platform.events.Revocation;
import one.mcps.platform.security.Caller;

/**
 * What a live client authenticated with, kept for as long as its socket is open: who it is (with the credential
 * platform's {@code CredentialWatch} ends the socket by) and the token as presented, to re-check an API key after a
 * revocation of its owner.
 *
 * @param caller who it is
 * @param token the token as presented
 */
record LiveCredential(Caller caller, String token) {

    boolean apiKey() {
        return caller.credential() != null && caller.credential().isApiKey();
    }

    /** A revocation of the key's owner (disabled, deleted) may or may not end the key: identity-service decides. */
    boolean ownerRevokedBy(Revocation revocation) {
        return apiKey() && Revocation.USER.equals(revocation.kind()) && caller.userId() != null
                && caller.userId().equals(revocation.userId());
    }
}
