package one.mcps.observability.system;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/** The JSON type a runtime setting must have. */
public enum SettingType {

    INTEGER, NUMBER, BOOLEAN, STRING,
    /** A JSON array of strings, each a host name, an IP address or a CIDR block (outbound allow-lists). */
    HOST_LIST;

    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\\.?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*", Pattern.CASE_INSENSITIVE);

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
                if (!item.isTextual() || !isHostIpOrCidr(item.asText().trim())) {
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

    static boolean isHostIpOrCidr(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return isIp(text) || (!DIGITS_AND_DOTS.matcher(text).matches() && HOST_NAME.matcher(text).matches());
        }
        String address = text.substring(0, slash);
        String prefix = text.substring(slash + 1);
        if (!isIp(address) || prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(Character::isDigit)) {
            return false;
        }
        return Integer.parseInt(prefix) <= (address.indexOf(':') >= 0 ? 128 : 32);
    }

    /** An IPv4 or IPv6 literal; never a DNS lookup (only literal-shaped text reaches InetAddress). */
    private static boolean isIp(String text) {
        if (IPV4.matcher(text).matches()) {
            return true;
        }
        if (!IPV6_CHARACTERS.matcher(text).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(text) != null;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
