package one.mcps.identity.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ClientAddressTest {

    private final ClientAddress addresses = new ClientAddress(Optional.of(List.of("127.0.0.1", "10.1.0.0/16",
            "fd00::/8")));

    @Test
    void anUntrustedPeerIsTheClientWhateverItForwards() {
        assertEquals("127.0.0.2", addresses.resolve("127.0.0.2", List.of("203.0.113.9")));
        assertEquals("192.0.2.1", addresses.resolve("192.0.2.1", List.of("203.0.113.9")));
    }

    @Test
    void aTrustedPeerNamesTheClient() {
        assertEquals("203.0.113.9", addresses.resolve("127.0.0.1", List.of("203.0.113.9")));
        assertEquals("127.0.0.1", addresses.resolve("127.0.0.1", List.of()));
        assertEquals("2001:db8:0:0:0:0:0:1", addresses.resolve("fd12::1", List.of("[2001:db8::1]:4711")));
    }

    @Test
    void theChainIsReadFromTheRightSkippingOnlyTrustedProxies() {
        // The client wrote "198.51.100.1" itself; the first untrusted hop from the right is who connected.
        assertEquals("203.0.113.9", addresses.resolve("127.0.0.1",
                List.of("198.51.100.1, 203.0.113.9, 10.1.2.3")));
        assertEquals("203.0.113.9", addresses.resolve("127.0.0.1", List.of("198.51.100.1", "203.0.113.9:55000")));
    }

    @Test
    void somethingThatIsNotAnAddressEndsTheWalk() {
        assertEquals("127.0.0.1", addresses.resolve("127.0.0.1", List.of("evil.example\r\nx")));
        assertEquals("10.1.2.3", addresses.resolve("127.0.0.1", List.of("unknown, 10.1.2.3")));
    }

    @Test
    void nothingIsTrustedUnlessConfiguredAndBadEntriesFailAtStart() {
        assertEquals("127.0.0.1", new ClientAddress(Optional.empty()).resolve("127.0.0.1", List.of("203.0.113.9")));
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(Optional.of(List.of("gateway"))));
        assertThrows(IllegalArgumentException.class, () -> new ClientAddress(Optional.of(List.of("10.0.0.0/33"))));
    }
}
