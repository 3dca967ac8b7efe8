package one.mcps.platform.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** An IP address or a CIDR block ({@code 10.0.0.0/8}, {@code fd00::/8}), written as an address literal. */
record AddressRange(byte[] network, int prefixBits) {

    /** The range that {@code text} names, or empty when it is not an IP literal or CIDR (a host name, say). */
    static Optional<AddressRange> parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (!isLiteral(address)) {
            return Optional.empty();
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            int bits = slash < 0 ? bytes.length * 8 : Integer.parseInt(text.substring(slash + 1));
            if (bits < 0 || bits > bytes.length * 8) {
                return Optional.empty();
            }
            return Optional.of(new AddressRange(bytes, bits));
        } catch (UnknownHostException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
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

    /** Only literals, so that parsing a range never resolves a name. */
    private static boolean isLiteral(String address) {
        return address.contains(":") || address.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}
