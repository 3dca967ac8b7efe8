package one.mcps.platform.json;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.jackson.JacksonCodec;

/**
 * How every service reads what a client sends: RFC 8259 JSON and nothing more. Vert.x's own codec
 * ({@code Json.decodeValue}) accepts comments, so a batch hidden behind a comment was read (and run) by mcp-proxy
 * while the gateway in front of it could not count its calls; every reader of a client's message (the gateway's
 * tool-call counting, mcp-proxy's MCP routes, every REST body through {@link StrictJsonCustomizer}) uses this one
 * rule instead.
 *
 * <p>The Jackson features (2.x), all in one place:
 * <ul>
 * <li>off, each {@link JsonReadFeature} in {@link #LENIENCIES}: {@code ALLOW_JAVA_COMMENTS},
 * {@code ALLOW_YAML_COMMENTS}, {@code ALLOW_SINGLE_QUOTES}, {@code ALLOW_UNQUOTED_FIELD_NAMES},
 * {@code ALLOW_TRAILING_COMMA}, {@code ALLOW_MISSING_VALUES}, {@code ALLOW_UNESCAPED_CONTROL_CHARS},
 * {@code ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER}, {@code ALLOW_NON_NUMERIC_NUMBERS},
 * {@code ALLOW_LEADING_ZEROS_FOR_NUMBERS}, {@code ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS},
 * {@code ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS}, {@code ALLOW_TRAILING_DECIMAL_POINT_FOR_NUMBERS},
 * {@code ALLOW_RS_CONTROL_CHAR};</li>
 * <li>on: {@link StreamReadFeature#STRICT_DUPLICATE_DETECTION} (a name twice in one object is an error, not "the last
 * wins");</li>
 * <li>one value per body: anything but whitespace after it is an error (on the MCP routes the reader asks for the next
 * token and refuses one; for REST bodies {@link DeserializationFeature#FAIL_ON_TRAILING_TOKENS} on). Text before the
 * value is an error by JSON itself once comments are off.</li>
 * </ul>
 */
public final class StrictJson {

    /** Every leniency Jackson offers beyond RFC 8259; all off (Jackson's defaults, stated so that none creeps in). */
    public static final List<JsonReadFeature> LENIENCIES = List.of(JsonReadFeature.ALLOW_JAVA_COMMENTS,
            JsonReadFeature.ALLOW_YAML_COMMENTS, JsonReadFeature.ALLOW_SINGLE_QUOTES,
            JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES, JsonReadFeature.ALLOW_TRAILING_COMMA,
            JsonReadFeature.ALLOW_MISSING_VALUES, JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS,
            JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER, JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS,
            JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS, JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS,
            JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS,
            JsonReadFeature.ALLOW_TRAILING_DECIMAL_POINT_FOR_NUMBERS, JsonReadFeature.ALLOW_RS_CONTROL_CHAR);

    private static final JsonFactory FACTORY = buildFactory();

    private StrictJson() {
    }

    /** The parser factory with this rule, for readers that parse as bytes arrive (the gateway's counting). */
    public static JsonFactory factory() {
        return FACTORY;
    }

    /**
     * A client's body as Vert.x JSON ({@code JsonObject}, {@code JsonArray} or a scalar), the same values
     * {@code Json.decodeValue} gives; anything that is not exactly one strict JSON value fails with
     * {@link DecodeException}.
     */
    public static Object decode(Buffer body) {
        JsonParser parser;
        try {
            parser = FACTORY.createParser(body.getBytes());
        } catch (IOException e) {
            throw new DecodeException("Failed to decode: " + e.getMessage(), e);
        }
        // Vert.x builds its JsonObject/JsonArray from our parser and refuses a token after the value.
        return JacksonCodec.fromParser(parser, Object.class);
    }

    /** The same rule for an {@link ObjectMapper} that reads clients' bodies (the REST API's, through Quarkus). */
    public static void apply(ObjectMapper mapper) {
        for (JsonReadFeature leniency : LENIENCIES) {
            mapper.configure(leniency.mappedFeature(), false);
        }
        mapper.configure(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature(), true);
        mapper.configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
    }

    private static JsonFactory buildFactory() {
        var builder = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
        LENIENCIES.forEach(builder::disable);
        return builder.build();
    }
}
