package one.mcps.platform.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.json.JsonArray;
import jakarta.json.JsonString;

/** Reads a JWT claim's value as smallrye-jwt hands it over (JSON-P values or plain Java ones). */
public final class ClaimValues {

    private ClaimValues() {
    }

    public static String text(Object claim) {
        if (claim instanceof JsonString s) {
            return s.getString();
        }
        return claim == null ? null : claim.toString();
    }

    /** A claim holding a list of names (or one name) as a set; null when the claim is absent. */
    public static Set<String> names(Object claim) {
        if (claim == null) {
            return null;
        }
        Set<String> names = new LinkedHashSet<>();
        if (claim instanceof JsonArray array) {
            array.forEach(value -> names.add(text(value)));
        } else if (claim instanceof Collection<?> values) {
            values.forEach(value -> names.add(text(value)));
        } else {
            names.add(text(claim));
        }
        return names;
    }
}
