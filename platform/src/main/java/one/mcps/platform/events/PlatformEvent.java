package one.mcps.platform.events;

/**
 * An event record of the platform. Each record knows its topic, its CloudEvents type and the key that keeps
 * per-entity order, so a producer cannot send it to the wrong place.
 */
public interface PlatformEvent {

    String topic();

    String type();

    /** The Kafka key and the CloudEvents {@code subject}. */
    String key();
}
