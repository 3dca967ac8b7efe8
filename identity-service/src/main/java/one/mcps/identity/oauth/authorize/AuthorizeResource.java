package one.mcps.identity.oauth.authorize;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import one.mcps.identity.audit.ClientAddress;
import one.mcps.identity.oauth.NoStore;
import one.mcps.identity.oauth.OAuthConfig;
import one.mcps.identity.oauth.OAuthIssuer;

/** The browser endpoints of the authorization: the request, the login form and the consent form. */
@Path("/oauth")
@Tag(name = "OAuth")
@PermitAll
public class AuthorizeResource {

    /**
     * Pages load nothing from elsewhere and run no script; no site may frame them (a framed consent button could be
     * clicked by trickery). form-action is left open: the consent answer redirects to the client's URI.
     */
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; "
            + "base-uri 'none'";

    private final AuthorizationFlow flow;
    private final ClientAddress addresses;
    private final OAuthConfig config;
    private final OAuthIssuer issuer;

    public AuthorizeResource(AuthorizationFlow flow, ClientAddress addresses, OAuthConfig config, OAuthIssuer issuer) {
        this.flow = flow;
        this.addresses = addresses;
        this.config = config;
        this.issuer = issuer;
    }

    @GET
    @Path("/authorize")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Start an authorization (code flow with PKCE S256): the sign-in page, or an error")
    public Uni<Response> authorize(@Context UriInfo uri, @Context HttpServerRequest http) {
        return flow.start(uri.getQueryParameters(), cookie(http)).map(this::answer);
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The sign-in form: the consent page, or straight back to the client when remembered")
    public Uni<Response> login(@RestForm("request") String request, @RestForm("csrf") String csrf,
            @RestForm("username") String username, @RestForm("password") String password,
            @Context HttpServerRequest http) {
        return flow.login(request, csrf, cookie(http), username, password, addresses.of(http)).map(this::answer);
    }

    @POST
    @Path("/consent")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The consent form: back to the client with a code (approve) or access_denied (deny)")
    public Uni<Response> consent(@RestForm("request") String request, @RestForm("csrf") String csrf,
            @RestForm("decision") String decision, @Context HttpServerRequest http) {
        return flow.consent(request, csrf, cookie(http), decision, addresses.of(http)).map(this::answer);
    }

    private String cookie(HttpServerRequest http) {
        io.vertx.core.http.Cookie cookie = http.getCookie(config.csrfCookie());
        return cookie == null ? null : cookie.getValue();
    }

    private Response answer(Step step) {
        Response.ResponseBuilder response = step.redirect() != null
                ? Response.status(step.status()).header("Location", step.redirect())
                : Response.status(step.status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                        .entity(step.html());
        step.headers().forEach(response::header);
        if (step.csrf() != null) {
            response.cookie(new NewCookie.Builder(config.csrfCookie()).value(step.csrf()).path(issuer.oauthPath())
                    .httpOnly(true).secure(issuer.isHttps()).sameSite(NewCookie.SameSite.LAX)
                    .maxAge((int) config.pendingTtl().toSeconds()).build());
        }
        return NoStore.apply(response).header("Content-Security-Policy", CSP).header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff").header("Referrer-Policy", "same-origin").build();
    }
}
