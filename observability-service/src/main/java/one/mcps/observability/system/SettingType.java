package one.mcps.observability.system;

import com.fasterxml.jackson.databind.JsonNode;

/** The JSON type a runtime setting must have. */
public enum SettingType {

    INTEGER, NUMBER, BOOLEAN, STRING;

    boolean accepts(JsonNode value) {
        return switch (this) {
            case INTEGER -> value.isIntegralNumber();
            case NUMBER -> value.isNumber();
            case BOOLEAN -> value.isBoolean();
            case STRING -> value.isTextual();
        };
    }

    String describe() {
        return switch (this) {
            case INTEGER -> "an integer";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case STRING -> "a string";
        };
    }
}
