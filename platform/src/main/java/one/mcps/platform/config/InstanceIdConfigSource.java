package one.mcps.platform.config;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * {@code mcps.instance.id}: what tells two instances of one service apart. Consumers that every instance must see
 * on its own (revocations, runtime settings) take it into their Kafka group id. {@code MCPS_INSTANCE_ID} wins
 * when set; otherwise it is random per process.
 */
public class InstanceIdConfigSource implements ConfigSource {

    private static final String KEY = "mcps.instance.id";
    private final String value = UUID.randomUUID().toString().substring(0, 8);

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(KEY);
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(KEY, value);
    }

    @Override
    public String getValue(String propertyName) {
        return KEY.equals(propertyName) ? value : null;
    }

    @Override
    public String getName() {
        return "mcps-instance-id";
    }

    @Override
    public int getOrdinal() {
        // Below environment variables (300) and application.properties (250), so MCPS_INSTANCE_ID overrides it.
        return 50;
    }
}
