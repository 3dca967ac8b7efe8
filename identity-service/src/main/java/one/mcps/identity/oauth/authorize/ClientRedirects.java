package one.mcps.identity.oauth.authorize;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the redirect back to the client, with RFC 9207's {@code iss} on every answer, success or error. */
final class ClientRedirects {

    private ClientRedirects() {
    }

    static String code(String redirectUri, String code, String state, String issuer) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("code", code);
        params.put("state", state);
        params.put("iss", issuer);
        return append(redirectUri, params);
    }

    static String error(String redirectUri, String error, String description, String state, String issuer) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("error", error);
        params.put("error_description", description);
        params.put("state", state);
        params.put("iss", issuer);
        return append(redirectUri, params);
    }

    /** Adds the parameters to the redirect URI's own query (which it may have, RFC 6749 §3.1.2). */
    private static String append(String redirectUri, Map<String, String> params) {
        StringBuilder url = new StringBuilder(redirectUri);
        char separator = redirectUri.indexOf('?') < 0 ? '?' : '&';
        for (Map.Entry<String, String> param : params.entrySet()) {
            if (param.getValue() == null) {
                continue;
            }
            url.append(separator).append(param.getKey()).append('=')
                    .append(URLEncoder.encode(param.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return url.toString();
    }
}
