package one.mcps.proxy.downstream;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import one.mcps.platform.json.StrictJson;

/** The strict reading of clients' JSON, feature by feature (plain unit tests: no application needed). */
class StrictJsonRulesTest {

    @Test
    void everyLeniencyJacksonOffersIsOff() {
        assertThat(StrictJson.LENIENCIES.size(), equalTo(JsonReadFeature.values().length));
    }

    @Test
    void strictJsonReadsAsVertxWould() {
        Object value = StrictJson.decode(Buffer.buffer(
                "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":{\"n\":[1,2.5,true,null]}}]"));
        assertThat(value, instanceOf(JsonArray.class));
        JsonObject message = ((JsonArray) value).getJsonObject(0);
        assertThat(message.getInteger("id"), equalTo(1));
        assertThat(message.getJsonObject("params").getJsonArray("n").getDouble(1), equalTo(2.5));
    }

    @Test
    void anythingButOneRfc8259ValueIsRefused() {
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
        for (String body : new String[] { "/*x*/" + ping, "// x\n" + ping, "# x\n" + ping, ping + "/*x*/",
                "{'id':1}", "{id:1}", "{\"id\":1,}", "[1,]", "[1,,2]", "x" + ping, ping + "x", ping + ping,
                "{\"id\":1,\"id\":2}", "{\"a\":{\"b\":1,\"b\":1}}", "{\"id\":01}", "{\"id\":+1}", "{\"id\":.5}",
                "{\"id\":1.}", "{\"id\":NaN}", "{\"id\":\"a\tb\"}", "{\"id\":\"\\q\"}" }) {
            assertThrows(DecodeException.class, () -> StrictJson.decode(Buffer.buffer(body)), body);
        }
    }

    @Test
    void aMapperGivenTheRuleRefusesTheSame() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        StrictJson.apply(mapper);
        assertThrows(MismatchedInputException.class, () -> mapper.readTree("{\"a\":1} {\"a\":2}"));
        assertThrows(Exception.class, () -> mapper.readTree("{\"a\":1,\"a\":2}"));
        assertThrows(Exception.class, () -> mapper.readTree("/*x*/{\"a\":1}"));
        assertThat(mapper.readTree("{\"a\":1}".getBytes(StandardCharsets.UTF_8)).get("a").asInt(), equalTo(1));
    }
}
