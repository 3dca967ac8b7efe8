package one.mcps.proxy.downstream.inputs;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import one.mcps.proxy.config.ProxyConfig;
import one.mcps.proxy.jsonrpc.JsonRpc;
import one.mcps.proxy.jsonrpc.McpRpcException;

/**
 * The {@code requestState} of an InputRequiredResult we send: which waiting call and round it continues, for whom and
 * for which request, readable by the client but not changeable — an HMAC over the claims, keyed by a key every proxy
 * instance derives alike from {@code mcps.mcp.input-required.state-key} (by default the services' shared secret).
 */
@ApplicationScoped
public class RequestStates {

    private static final Logger LOG = Logger.getLogger(RequestStates.class);
    private static final String MAC = "HmacSHA256";
    /** Binds the derived key to this one use, so the shared secret never signs anything else of ours. */
    private static final byte[] PURPOSE = "mcps.one/request-state/v1".getBytes(StandardCharsets.UTF_8);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /**
     * What a state says: the call, the round it answers, the request and user it belongs to, and the address of the
     * instance that holds the call (a retry that lands elsewhere is sent there).
     */
    record Claims(String call, int round, String user, String method, String name, String holder) {
    }

    private final SecretKeySpec key;

    public RequestStates(ProxyConfig config) {
        byte[] secret = config.inputRequired().stateKey().map(k -> k.getBytes(StandardCharsets.UTF_8)).orElse(null);
        if (secret == null) {
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            LOG.warn("No mcps.mcp.input-required.state-key (nor service secret): request states are signed with a key "
                    + "of this instance alone, so a retry that lands on another instance is refused");
        }
        this.key = new SecretKeySpec(mac(new SecretKeySpec(secret, MAC), PURPOSE), MAC);
    }

    String sign(Claims claims) {
        byte[] payload = new JsonObject().put("c", claims.call()).put("r", claims.round()).put("u", claims.user())
                .put("m", claims.method()).put("n", claims.name()).put("h", claims.holder()).toBuffer().getBytes();
        return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(mac(key, payload));
    }

    /** The claims of a state we signed; a -32602 error for anything else (changed, cut, made up). */
    Claims verify(Object state) {
        if (!(state instanceof String text) || text.indexOf('.') < 0) {
            throw tampered();
        }
        try {
            byte[] payload = DECODER.decode(text.substring(0, text.indexOf('.')));
            byte[] tag = DECODER.decode(text.substring(text.indexOf('.') + 1));
            if (!MessageDigest.isEqual(tag, mac(key, payload))) {
                throw tampered();
            }
            JsonObject claims = new JsonObject(new String(payload, StandardCharsets.UTF_8));
            return new Claims(claims.getString("c"), claims.getInteger("r"), claims.getString("u"),
                    claims.getString("m"), claims.getString("n"), claims.getString("h"));
        } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
            throw tampered();
        }
    }

    private static McpRpcException tampered() {
        return McpRpcException.invalidParams("Invalid requestState: it fails its integrity check (changed, cut, or "
                + "not issued by this server); call again without requestState and inputResponses.");
    }

    private static byte[] mac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
