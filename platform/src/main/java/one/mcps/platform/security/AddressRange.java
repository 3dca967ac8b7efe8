package one.mcps.platform.security;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;

import io.netty.util.NetUtil;

/**
 * An IP address or a CIDR block ({@code 10.0.0.0/8}, {@code fd00::/8}, {@code 127.0.0.2}), written as an address
 * literal: the one reading of such lists in the platform (outbound allow-lists, trusted proxies).
 */
public record AddressRange(byte[] network, int prefixBits) {

    /** The range that {@code text} names, or empty when it is not an IP literal or CIDR (a host name, say). */
    public static Optional<AddressRange> parse(String text) {
        int slash = text.indexOf('/');
        // Netty reads only literals, so parsing a range never resolves a name.
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(slash < 0 ? text : text.substring(0, slash));
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            int bits = slash < 0 ? bytes.length * 8 : Integer.parseInt(text.substring(slash + 1));
            return bits < 0 || bits > bytes.length * 8 ? Optional.empty() : Optional.of(new AddressRange(bytes, bits));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    /** Whether the address (4 or 16 bytes; an IPv4-mapped IPv6 address counts as its IPv4 one) is in the range. */
    public boolean contains(byte[] address) {
        byte[] bytes = address;
        if (bytes.length == 16 && network.length == 4 && isV4Mapped(bytes)) {
            bytes = Arrays.copyOfRange(bytes, 12, 16);
        }
        if (bytes.length != network.length) {
            return false;
        }
        int full = prefixBits / 8;
        for (int i = 0; i < full; i++) {
            if (bytes[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixBits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (bytes[full] & mask) == (network[full] & mask);
    }

    private static boolean isV4Mapped(byte[] address) {
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
    }
}
