package one.mcps.platform.outbox;

import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;

import one.mcps.platform.events.EventPublisher;
import one.mcps.platform.events.PlatformEvent;

/**
 * One row of the {@code outbox} table as every way of enqueueing writes it: {@link Outbox} through a Hibernate
 * Reactive session, {@link SqlOutbox} through a Vert.x SQL connection. Only their parameter syntax differs.
 */
record OutboxRow(UUID id, String topic, String key, String type, String payload) {

    private static final List<String> COLUMNS = List.of("id", "topic", "event_key", "event_type", "payload");

    static OutboxRow of(PlatformEvent event, EventPublisher publisher) {
        return new OutboxRow(UUID.randomUUID(), event.topic(), event.key(), event.type(), publisher.toJson(event));
    }

    /** The insert statement, {@code placeholder} giving the parameter marker for position 1..n. */
    static String insert(IntFunction<String> placeholder) {
        StringBuilder values = new StringBuilder();
        for (int i = 1; i <= COLUMNS.size(); i++) {
            values.append(i > 1 ? ", " : "").append(placeholder.apply(i));
        }
        return "insert into outbox (" + String.join(", ", COLUMNS) + ") values (" + values + ")";
    }

    /** The values in the order of the insert's parameters. */
    List<Object> values() {
        return List.of(id, topic, key, type, payload);
    }
}
