package one.mcps.observability.system;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import one.mcps.platform.security.OutboundTargets;

/** The JSON type a runtime setting must have. */
public enum SettingType {

    INTEGER, NUMBER, BOOLEAN, STRING,
    /** A JSON array of strings, each a host name, an IP address or a CIDR block (outbound allow-lists). */
    HOST_LIST;

    /** Why {@code value} is not of this type, or empty when it is. */
    Optional<String> problemWith(JsonNode value) {
        boolean ok = switch (this) {
            case INTEGER -> value.isIntegralNumber();
            case NUMBER -> value.isNumber();
            case BOOLEAN -> value.isBoolean();
            case STRING -> value.isTextual();
            case HOST_LIST -> value.isArray();
        };
        if (!ok) {
            return Optional.of("must be " + describe());
        }
        if (this == HOST_LIST) {
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                if (!item.isTextual() || !OutboundTargets.isAllowListEntry(item.asText().trim())) {
                    return Optional.of("must be " + describe() + "; item " + i + " (" + item + ") is not");
                }
            }
        }
        return Optional.empty();
    }

    String describe() {
        return switch (this) {
            case INTEGER -> "an integer";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case STRING -> "a string";
            case HOST_LIST -> "a list of host names, IP addresses or CIDR blocks";
        };
    }
}
