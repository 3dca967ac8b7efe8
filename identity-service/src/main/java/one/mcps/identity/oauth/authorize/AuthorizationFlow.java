package one.mcps.identity.oauth.authorize;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import one.mcps.identity.audit.Actor;
import one.mcps.identity.audit.AuditTrail;
import one.mcps.identity.auth.AuthService;
import one.mcps.platform.mcp.McpResources;
import one.mcps.identity.oauth.OAuthConfig;
import one.mcps.identity.oauth.OAuthError;
import one.mcps.identity.oauth.OAuthIssuer;
import one.mcps.identity.oauth.Pkce;
import one.mcps.identity.oauth.Scopes;
import one.mcps.identity.oauth.clients.ClientDirectory;
import one.mcps.identity.oauth.clients.ClientInfo;
import one.mcps.identity.oauth.grants.Grant;
import one.mcps.identity.oauth.grants.GrantService;
import one.mcps.identity.oauth.token.AuthorizationCodes;
import one.mcps.identity.tokens.Secrets;
import one.mcps.identity.users.User;
import one.mcps.platform.errors.ProblemException;
import one.mcps.platform.errors.ProblemType;

/**
 * The browser side of the authorization code flow: the request is checked, the user signs in (the same password
 * check, throttle and audit as {@code /api/v1/auth/login}), approves or denies, and the browser goes back to the
 * client with a code or an error.
 * <p>
 * Until the client and its redirect URI are established, errors are pages here and never redirects: redirecting to
 * an unverified URI would make this server an open redirector. Every later error goes back to the client.
 */
@ApplicationScoped
public class AuthorizationFlow {

    private static final String TARGET = "oauth_grant";
    private static final int UNAUTHORIZED = 401;
    private static final int TOO_MANY = 429;
    /** {@code state} is the client's and comes back unchanged; the limit only keeps the stored row small. */
    private static final int MAX_STATE_LENGTH = 2048;
    private static final Pattern CSRF_SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final List<String> SINGLE_VALUED = List.of("response_type", "client_id", "redirect_uri",
            "code_challenge", "code_challenge_method", "state", "scope", "resource");

    private final ClientDirectory clients;
    private final PendingAuthorizationRepository pending;
    private final GrantService grants;
    private final AuthorizationCodes codes;
    private final AuthService auth;
    private final McpResources resources;
    private final OAuthIssuer issuer;
    private final OAuthConfig config;
    private final Pages pages;
    private final AuditTrail audit;

    public AuthorizationFlow(ClientDirectory clients, PendingAuthorizationRepository pending, GrantService grants,
            AuthorizationCodes codes, AuthService auth, McpResources resources, OAuthIssuer issuer, OAuthConfig config,
            Pages pages, AuditTrail audit) {
        this.clients = clients;
        this.pending = pending;
        this.grants = grants;
        this.codes = codes;
        this.auth = auth;
        this.resources = resources;
        this.issuer = issuer;
        this.config = config;
        this.pages = pages;
        this.audit = audit;
    }

    /** {@code GET /oauth/authorize}: checks the request and shows the login page (or an error). */
    public Uni<Step> start(Map<String, List<String>> query, String cookie) {
        for (String name : SINGLE_VALUED) {
            List<String> values = query.get(name);
            if (values != null && values.size() > 1) {
                return Uni.createFrom().item(badRequest("The request repeats the parameter " + name + "."));
            }
        }
        String clientId = one(query, "client_id");
        String redirectUri = one(query, "redirect_uri");
        return clients.find(clientId)
                .chain(client -> {
                    if (redirectUri == null) {
                        return Uni.createFrom().item(badRequest("The request has no redirect_uri."));
                    }
                    if (!client.allowsRedirect(redirectUri)) {
                        return Uni.createFrom().item(badRequest("The redirect_uri is not one the client registered."));
                    }
                    return afterRedirectTrusted(client, query, cookie);
                })
                .onFailure(OAuthError.class).recoverWithItem(e -> badRequest(((OAuthError) e).description()));
    }

    private Uni<Step> afterRedirectTrusted(ClientInfo client, Map<String, List<String>> query, String cookie) {
        String redirectUri = one(query, "redirect_uri");
        String state = one(query, "state");
        PendingAuthorization row;
        try {
            row = validated(client, redirectUri, query);
        } catch (OAuthError e) {
            return Uni.createFrom().item(Step.redirect(ClientRedirects.error(redirectUri, e.error(), e.description(),
                    state, issuer.value())));
        }
        String request = Secrets.random();
        String csrf = cookie != null && CSRF_SHAPE.matcher(cookie).matches() ? cookie : Secrets.random();
        row.idHash = Secrets.sha256(request);
        row.csrfHash = Secrets.sha256(csrf);
        return Panache.withTransaction(() -> pending.persist(row))
                .map(saved -> pages.login(200, pages.view(saved, request, csrf, null)).withCsrf(csrf));
    }

    /** The checks after the redirect URI is trusted; each failure is an error for the client (a redirect). */
    private PendingAuthorization validated(ClientInfo client, String redirectUri, Map<String, List<String>> query) {
        if (!"code".equals(one(query, "response_type"))) {
            throw OAuthError.of(OAuthError.UNSUPPORTED_RESPONSE_TYPE, "response_type must be 'code'.");
        }
        String challenge = one(query, "code_challenge");
        String method = one(query, "code_challenge_method");
        if (challenge == null) {
            throw OAuthError.of(OAuthError.INVALID_REQUEST, "code_challenge is required (PKCE, S256).");
        }
        if (!Pkce.S256.equals(method)) {
            throw OAuthError.of(OAuthError.INVALID_REQUEST, "code_challenge_method must be S256 (plain is refused).");
        }
        if (!Pkce.isChallenge(challenge)) {
            throw OAuthError.of(OAuthError.INVALID_REQUEST, "code_challenge is not a base64url SHA-256 value.");
        }
        String state = one(query, "state");
        if (state != null && state.length() > MAX_STATE_LENGTH) {
            throw OAuthError.of(OAuthError.INVALID_REQUEST, "state is longer than " + MAX_STATE_LENGTH + ".");
        }
        String resource = one(query, "resource");
        if (resource == null) {
            throw OAuthError.of(OAuthError.INVALID_TARGET, "resource is required (RFC 8707): the MCP endpoint the "
                    + "token is for, " + resources.all() + " or " + resources.all().replace("/mcp", "")
                    + "/servers/{name}/mcp.");
        }
        if (resources.ofUri(resource) == null) {
            throw OAuthError.of(OAuthError.INVALID_TARGET, "resource is not an MCP endpoint of this platform.");
        }
        Set<String> scopes = Scopes.parse(one(query, "scope"));
        if (resources.serverOf(resource).filter(server -> !Scopes.reach(scopes, server)).isPresent()) {
            throw OAuthError.of(OAuthError.INVALID_SCOPE, "The scopes do not include the server of the resource.");
        }
        PendingAuthorization row = new PendingAuthorization();
        row.clientId = client.clientId();
        row.clientName = client.clientName();
        row.redirectUri = redirectUri;
        row.codeChallenge = challenge;
        row.state = state;
        row.scopes = scopes.toArray(String[]::new);
        row.resource = resource;
        row.createdAt = Instant.now();
        row.expiresAt = row.createdAt.plus(config.pendingTtl());
        return row;
    }

    /** {@code POST /oauth/login}: checks the password, then shows the consent page or, if remembered, redirects. */
    public Uni<Step> login(String request, String csrf, String cookie, String username, String password,
            String address) {
        return found(request, csrf, cookie).chain(row -> {
            if (row == null) {
                return Uni.createFrom().item(expired());
            }
            PageView view = pages.view(row, request, csrf, username);
            if (username == null || username.isBlank() || password == null || password.isEmpty()) {
                return Uni.createFrom().item(pages.login(Pages.BAD_REQUEST,
                        view.withError("Enter your username and password.", username)));
            }
            return auth.authenticate(username, password, address, Map.of("client_id", row.clientId))
                    .chain(user -> signedIn(row, user, view, address))
                    .onFailure(ProblemException.class).recoverWithItem(e -> refusedLogin((ProblemException) e, view,
                            username));
        });
    }

    private Step refusedLogin(ProblemException problem, PageView view, String username) {
        if (problem.type() == ProblemType.RATE_LIMITED) {
            String seconds = problem.headers().getOrDefault("Retry-After", "60");
            return pages.login(TOO_MANY, view.withError("Too many failed sign-ins for this account or from this "
                    + "address. Try again in " + seconds + " s.", username)).withHeaders(Map.of("Retry-After",
                            seconds));
        }
        return pages.login(UNAUTHORIZED, view.withError("The username or password is wrong.", username));
    }

    private Uni<Step> signedIn(PendingAuthorization found, User user, PageView view, String address) {
        Set<String> scopes = Scopes.of(found.scopes);
        return Panache.withTransaction(() -> pending.findById(found.idHash).chain(row -> {
            if (row == null) {
                return Uni.createFrom().item(expired());
            }
            return grants.covering(user.id, row.clientId, scopes).chain(grant -> {
                if (grant != null) {
                    return approved(row, user, grant, address, true);
                }
                row.userId = user.id;
                return Uni.createFrom().item(pages.consent(view.withError(null, user.username)));
            });
        }));
    }

    /** {@code POST /oauth/consent}: approve (a code) or deny ({@code access_denied}); either way back to the client. */
    public Uni<Step> consent(String request, String csrf, String cookie, String decision, String address) {
        return found(request, csrf, cookie).chain(found -> {
            if (found == null || found.userId == null) {
                return Uni.createFrom().item(expired());
            }
            boolean approve = "approve".equals(decision);
            return Panache.withTransaction(() -> pending.findById(found.idHash).chain(row -> {
                if (row == null || row.userId == null) {
                    return Uni.createFrom().item(expired());
                }
                Actor actor = new Actor(row.userId.toString(), null, address);
                if (!approve) {
                    return pending.delete(row).chain(() -> audit.failure(actor, "oauth.authorized", TARGET, null,
                            Map.of("client_id", row.clientId, "reason", "access_denied")))
                            .replaceWith(Step.redirect(ClientRedirects.error(row.redirectUri,
                                    OAuthError.ACCESS_DENIED, "The user denied access.", row.state,
                                    issuer.value())));
                }
                return grants.approve(row.userId, row.clientId, row.clientName, Scopes.of(row.scopes))
                        .chain(grant -> approved(row, null, grant, address, false));
            }));
        });
    }

    /** Issues the code for an approved request and sends the browser back; in the caller's transaction. */
    private Uni<Step> approved(PendingAuthorization row, User user, Grant grant, String address, boolean remembered) {
        Set<String> scopes = Scopes.of(row.scopes);
        Actor actor = new Actor(row.userId != null ? row.userId.toString() : user.id.toString(),
                user == null ? null : user.username, address);
        return codes.issue(new AuthorizationCodes.Binding(row.clientId, row.redirectUri, row.codeChallenge, scopes,
                row.resource, grant.userId, grant.id))
                .call(() -> pending.delete(row))
                .call(() -> audit.success(actor, "oauth.authorized", TARGET, grant.id, Map.of("client_id",
                        row.clientId, "scope", Scopes.join(scopes), "resource", row.resource, "remembered",
                        remembered)))
                .map(code -> Step.redirect(ClientRedirects.code(row.redirectUri, code, row.state, issuer.value())));
    }

    /**
     * The pending request the form names, when the form's CSRF token is the cookie's and the one the request was
     * shown with, and it has not expired; else null.
     */
    private Uni<PendingAuthorization> found(String request, String csrf, String cookie) {
        if (request == null || csrf == null || cookie == null || !Secrets.equal(csrf, cookie)) {
            return Uni.createFrom().nullItem();
        }
        return Panache.withSession(() -> pending.findById(Secrets.sha256(request)))
                .map(row -> row == null || row.expiresAt.isBefore(Instant.now())
                        || !Secrets.equal(row.csrfHash, Secrets.sha256(csrf)) ? null : row);
    }

    private Step expired() {
        return pages.error(Pages.BAD_REQUEST, "Sign-in request expired", "This sign-in request is unknown, has "
                + "expired or could not be verified (cookies must be enabled).");
    }

    private Step badRequest(String message) {
        return pages.error(Pages.BAD_REQUEST, "Invalid authorization request", message);
    }

    private static String one(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
    }
}
