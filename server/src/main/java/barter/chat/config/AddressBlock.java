package barter.chat.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** A CIDR block such as {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is a block of one. */
public record AddressBlock(byte[] network, int prefixLength) {

    /** Parses {@code address[/prefix]} of literal addresses only (no name lookup). */
    public static AddressBlock parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        InetAddress literal = literal(slash < 0 ? trimmed : trimmed.substring(0, slash));
        if (literal == null) {
            throw new IllegalArgumentException("'" + trimmed + "' is not an IPv4 or IPv6 address or CIDR block");
        }
        byte[] bytes = literal.getAddress();
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(trimmed.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("'" + trimmed + "': the prefix length must be 0 to " + bytes.length * 8);
            }
        }
        return new AddressBlock(bytes, prefix);
    }

    /**
     * A literal IPv4 or IPv6 address, or null for anything else. Never a name lookup: the text may come from a
     * request header, and resolving it would let a client make the server query DNS.
     */
    public static InetAddress literal(String text) {
        try {
            if (text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
                byte[] bytes = new byte[4];
                String[] parts = text.split("\\.");
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(parts[i]);
                    if (octet > 255) {
                        return null;
                    }
                    bytes[i] = (byte) octet;
                }
                return InetAddress.getByAddress(bytes);
            }
            // with a colon the JDK parses an IPv6 literal and never looks the text up
            return text.matches("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*") ? InetAddress.getByName(text) : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        for (int bit = 0; bit < prefixLength; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressBlock block && block.prefixLength == prefixLength
                && java.util.Arrays.equals(block.network, network);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(network) * 31 + prefixLength;
    }
}
