package one.mcps.identity.auth;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import one.mcps.identity.audit.Actor;
import one.mcps.identity.audit.ClientAddress;
import one.mcps.identity.users.UserService;
import one.mcps.identity.users.UserView;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.security.Caller;
import one.mcps.platform.security.Roles;

@Path("/api/v1/auth")
@Tag(name = "Auth")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AuthResource {

    private final AuthService auth;
    private final UserService users;
    private final RegistrationSwitch registration;
    private final SecurityIdentity identity;
    private final ClientAddress addresses;

    public AuthResource(AuthService auth, UserService users, RegistrationSwitch registration,
            SecurityIdentity identity, ClientAddress addresses) {
        this.addresses = addresses;
        this.auth = auth;
        this.users = users;
        this.registration = registration;
        this.identity = identity;
    }

    @POST
    @Path("/login")
    @PermitAll
    @Operation(summary = "Log in with a username and password; answers an access and a refresh token")
    @APIResponse(responseCode = "200", description = "Logged in")
    @APIResponse(responseCode = "400", description = "A field is missing")
    @APIResponse(responseCode = "401", description = "Wrong username or password (the same answer for both)")
    @APIResponse(responseCode = "429", description = "Too many failed logins for this account name from this address, "
            + "or from this address; Retry-After says when to try again (the same for unknown accounts)")
    public Uni<TokenPair> login(@NotNull @Valid LoginRequest request, @Context HttpServerRequest http) {
        return auth.login(request.username(), request.password(), addresses.of(http));
    }

    @POST
    @Path("/refresh")
    @PermitAll
    @Operation(summary = "Trade a refresh token for a new pair; the old refresh token is spent")
    @APIResponse(responseCode = "200", description = "A new pair")
    @APIResponse(responseCode = "401", description = "Unknown, expired or revoked; a reused one revokes its family")
    public Uni<TokenPair> refresh(@NotNull @Valid RefreshRequest request, @Context HttpServerRequest http) {
        return auth.refresh(request.refreshToken(), addresses.of(http));
    }

    @POST
    @Path("/logout")
    @Consumes(MediaType.WILDCARD)
    @Authenticated
    @Operation(summary = "Revoke this access token and its refresh family everywhere")
    @APIResponse(responseCode = "204", description = "Logged out")
    @APIResponse(responseCode = "400", description = "The caller used an API key (revoke it instead)")
    @APIResponse(responseCode = "401", description = "No valid token")
    public Uni<Void> logout(@Context HttpServerRequest http) {
        if (!(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            throw ProblemException.badRequest("Only a token session can log out; revoke an API key with "
                    + "DELETE /api/v1/auth/api-keys/{id}.");
        }
        return auth.logout(jwt.getTokenID(), Instant.ofEpochSecond(jwt.getExpirationTime()), actor(http));
    }

    @GET
    @Path("/me")
    @Authenticated
    @Operation(summary = "The caller's account (and, with an API key, the key's id and server scope)")
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "404", description = "The caller is a service, not a user")
    public Uni<MeView> me() {
        Caller caller = Caller.of(identity);
        return auth.me(caller.userId()).map(user -> MeView.of(user, caller));
    }

    @POST
    @Path("/register")
    @PermitAll
    @Operation(summary = "Create an account with the viewer role, when registration is open")
    @APIResponse(responseCode = "201", description = "Registered")
    @APIResponse(responseCode = "400", description = "A field is missing or invalid")
    @APIResponse(responseCode = "403", description = "Registration is closed")
    @APIResponse(responseCode = "409", description = "The username or email is taken")
    public Uni<Response> register(@NotNull @Valid RegisterRequest request, @Context HttpServerRequest http) {
        if (!registration.isOpen()) {
            throw ProblemException.forbidden("Registration is closed; ask an administrator for an account.");
        }
        return users.create(request.username(), request.email(), request.password(), List.of(Roles.VIEWER),
                Actor.anonymous(request.username(), addresses.of(http)), "user.registered")
                .map(user -> Response.created(URI.create("/api/v1/users/" + user.id)).entity(UserView.of(user))
                        .build());
    }

    @PUT
    @Path("/me/password")
    @RolesAllowed({ Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER })
    @Operation(summary = "Change one's own password; every token issued so far stops working")
    @APIResponse(responseCode = "204", description = "Changed; log in again")
    @APIResponse(responseCode = "400", description = "The current password is wrong or the new one too short")
    @APIResponse(responseCode = "401", description = "No valid token")
    @APIResponse(responseCode = "403", description = "A server-scoped credential (it may not change the account)")
    public Uni<Void> changePassword(@NotNull @Valid ChangePasswordRequest request, @Context HttpServerRequest http) {
        Actor actor = actor(http);
        return auth.me(actor.id()).chain(user -> auth.changePassword(user.id, request.currentPassword(),
                request.newPassword(), actor));
    }

    private Actor actor(HttpServerRequest http) {
        return Actor.of(identity, addresses.of(http));
    }
}
