package one.mcps.tools;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import one.mcps.testing.LocalStackResource;
import one.mcps.testing.PlatformContract;

@QuarkusTest
@QuarkusTestResource(value = LocalStackResource.class, restrictToAnnotatedClass = false)
class PlatformContractTest extends PlatformContract {

    @Override
    protected String adminReadableEndpoint() {
        return "/api/v1/tools";
    }

    @Override
    protected String jsonEndpoint() {
        return "/api/v1/tools";
    }
}
