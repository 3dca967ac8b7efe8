package one.mcps.identity.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PrintableTest {

    @Test
    void controlAndLineSeparatorCharactersAreEscaped() {
        assertEquals("a\\r\\nb\\tc\\u0000d\\u2028e\\u0085", Printable.of("a\r\nb\tc\u0000d\u2028e\u0085"));
        assertEquals("zoë-ok", Printable.of("zoë-ok"));
        assertEquals(null, Printable.of(null));
    }
}
