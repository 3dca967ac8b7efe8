package one.mcps.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.PlatformContract;

/** The gateway keeps the platform contract; its readiness is Kafka only, as it has no database. */
@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = FakeUpstreams.class, restrictToAnnotatedClass = false)
class PlatformContractTest extends PlatformContract {

    /** Starting maintenance mode takes an optional JSON body. */
    @Override
    protected String adminReadableEndpoint() {
        return "/api/v1/proxy/status";
    }

    @Override
    protected String jsonEndpoint() {
        return "/api/v1/proxy/stop";
    }
}
