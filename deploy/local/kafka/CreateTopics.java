import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates the topics of the platform (docs/architecture.md lists them) that do not exist yet. Run as a Java
 * single-file program with the broker's jars on the class path: java -cp 'lib/*' CreateTopics.java host:port
 */
public class CreateTopics {

    private static final long HOUR = 3_600_000L;

    public static void main(String[] args) throws Exception {
        List<NewTopic> wanted = List.of(
                topic("mcps.tool.status", 6, Map.of("retention.ms", String.valueOf(7 * 24 * HOUR))),
                topic("mcps.tool.logs", 6, Map.of("retention.ms", String.valueOf(3 * 24 * HOUR))),
                topic("mcps.tasks", 3, Map.of("retention.ms", String.valueOf(7 * 24 * HOUR))),
                topic("mcps.task.commands", 3, Map.of("retention.ms", String.valueOf(7 * 24 * HOUR))),
                topic("mcps.mcp.calls", 6, Map.of("retention.ms", String.valueOf(3 * 24 * HOUR))),
                topic("mcps.audit", 3, Map.of("retention.ms", String.valueOf(30 * 24 * HOUR))),
                // Longer than any access token lives: a new instance reads it from the start.
                topic("mcps.identity.revocations", 1, Map.of("retention.ms", String.valueOf(24 * HOUR))),
                // Compacted: the latest value of every setting stays, so a late starter knows them all.
                topic("mcps.system.config", 1, Map.of("cleanup.policy", "compact")),
                // Records observability could not store, for an operator to read in the order they came.
                topic("mcps.dead-letter", 1, Map.of("retention.ms", String.valueOf(30 * 24 * HOUR))));
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args.length > 0 ? args[0] : "127.0.0.1:9092");
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (NewTopic t : wanted) {
                if (!existing.contains(t.name())) {
                    missing.add(t);
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
            System.out.println("topics: " + wanted.size() + " wanted, " + missing.size() + " created");
        }
    }

    private static NewTopic topic(String name, int partitions, Map<String, String> configs) {
        return new NewTopic(name, partitions, (short) 1).configs(configs);
    }
}
