package one.mcps.identity.audit;

/**
 * Text a caller chose (a login name, a conflicting email) as identity may repeat it in an audit event, a log line or
 * a problem detail: control and line-separator characters (CR, LF, NEL, U+2028...) are written as escapes, so a
 * value cannot start a forged line wherever it is shown.
 */
public final class Printable {

    private Printable() {
    }

    public static String of(String value) {
        if (value == null || value.codePoints().noneMatch(Printable::unsafe)) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 8);
        value.codePoints().forEach(c -> {
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (unsafe(c)) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }

    private static boolean unsafe(int c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085';
    }
}
