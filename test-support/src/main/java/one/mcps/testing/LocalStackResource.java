package one.mcps.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The real PostgreSQL and Kafka of the local stack for a {@code @QuarkusTest}. Configuration already points at
 * them (the platform's defaults and each service's {@code %test} database name); this makes sure they run.
 */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        LocalStack.ensureRunning();
        return Map.of();
    }

    @Override
    public void stop() {
        // The stack outlives one test class: the next class and the next module reuse it.
    }
}
