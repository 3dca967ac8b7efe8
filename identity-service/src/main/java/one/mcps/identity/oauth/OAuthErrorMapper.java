package one.mcps.identity.oauth;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** OAuth endpoints answer errors in the RFC 6749 §5.2 / RFC 7591 §3.2.2 JSON form, never problem+json. */
public class OAuthErrorMapper {

    @ServerExceptionMapper
    public Response map(OAuthError error) {
        return json(error);
    }

    public static Response json(OAuthError error) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error.error());
        body.put("error_description", error.description());
        Response.ResponseBuilder response = Response.status(error.status()).type(MediaType.APPLICATION_JSON)
                .entity(body);
        return NoStore.apply(response).build();
    }
}
