package one.mcps.proxy.downstream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import one.mcps.proxy.config.ProxyConfig;
import one.mcps.proxy.support.McpUpstreams;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.TestTokens;

/** (issue 17) An administrator's stop of the MCP endpoints, made through one instance, holds on the others too. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = McpUpstreams.class, restrictToAnnotatedClass = false)
class EndpointSwitchTest {

    @Inject
    Pool pool;
    @Inject
    ProxyConfig config;

    @Test
    void aStopThroughOneInstanceClosesTheEndpointsOfAnother() {
        EndpointSwitch otherInstance = new EndpointSwitch(config, pool);
        try {
            given().auth().oauth2(TestTokens.admin()).post("/api/v1/mcp/proxy/stop").then().statusCode(200);
            otherInstance.refresh().await().indefinitely();
            assertThat(otherInstance.isOpen(), is(false));
        } finally {
            given().auth().oauth2(TestTokens.admin()).post("/api/v1/mcp/proxy/start").then().statusCode(200);
        }
        otherInstance.refresh().await().indefinitely();
        assertThat(otherInstance.isOpen(), is(true));
    }
}
