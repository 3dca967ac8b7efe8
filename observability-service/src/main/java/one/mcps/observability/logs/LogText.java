package one.mcps.observability.logs;

/**
 * What stored log text may contain and how it is written out where a reader could be fooled by it.
 * <ul>
 * <li>{@link #neutralise}: a log line is one line. CR and LF become the visible escapes {@code \r} and {@code \n},
 * every other control character (C0, DEL, C1) and the Unicode line/paragraph separators become {@code \\uXXXX}, so
 * a username such as {@code "bob\r\nINFO admin logged in"} cannot forge a second line in any viewer or terminal.
 * Tab is kept: tool stderr uses it for alignment, and it cannot start a new line (the CSV export guards it as a
 * formula prefix).</li>
 * <li>{@link #csvCell}: a cell a spreadsheet would read as a formula ({@code = + - @}, tab or CR first) is prefixed
 * with {@code '} (OWASP, CSV injection), and any cell with a separator, quote or line break is quoted.</li>
 * <li>{@link #html}: HTML-escapes text shown in a snippet.</li>
 * </ul>
 */
public final class LogText {

    private LogText() {
    }

    /** The text with control characters made visible; the same instance when there is none (the usual case). */
    public static String neutralise(String text) {
        if (text == null) {
            return null;
        }
        int first = firstUnsafe(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!unsafe(c)) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    private static int firstUnsafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (unsafe(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean unsafe(char c) {
        return (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }

    /** One CSV cell (RFC 4180 quoting), never starting a formula. Null is an empty cell. */
    public static String csvCell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String cell = startsFormula(value) ? "'" + value : value;
        boolean quote = cell.indexOf(',') >= 0 || cell.indexOf(';') >= 0 || cell.indexOf('"') >= 0
                || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0 || cell.indexOf('\t') >= 0;
        return quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }

    private static boolean startsFormula(String value) {
        return switch (value.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> true;
            default -> false;
        };
    }

    /** Text safe between HTML tags and in attribute values. */
    public static String html(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
