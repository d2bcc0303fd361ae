package barter.chat.http;

import barter.chat.config.AddressBlock;
import jakarta.servlet.http.HttpServletRequest;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The source address that per-address limits count. The direct peer, unless it is one of the trusted proxies
 * ({@code CHAT_TRUSTED_PROXIES}): then the chain in {@code Forwarded} (RFC 7239), or else {@code X-Forwarded-For},
 * is read from the right, and the first address that is not a trusted proxy is the client. Anything left of it was
 * written by the client and may be forged; with no trusted proxies the headers are never read. An IPv6 client is
 * counted per /64, since one subscriber commonly holds a whole /64 and could otherwise rotate through it.
 * Thread-safe (immutable).
 */
public final class ClientAddresses {
    private final List<AddressBlock> trusted;

    private ClientAddresses(List<AddressBlock> trusted) {
        this.trusted = List.copyOf(trusted);
    }

    public static ClientAddresses behind(List<AddressBlock> trustedProxies) {
        return new ClientAddresses(trustedProxies);
    }

    /** The limit key of an HTTP request or a WebSocket upgrade (see {@link #limitKey(InetAddress, List, List)}). */
    String limitKey(HttpServletRequest request) {
        InetAddress peer = AddressBlock.literal(request.getRemoteAddr());
        if (peer == null) {
            return request.getRemoteAddr(); // not an IP socket: nothing to forward from
        }
        return limitKey(peer, Collections.list(request.getHeaders("Forwarded")),
                Collections.list(request.getHeaders("X-Forwarded-For")));
    }

    /**
     * The limit key of a request from {@code peer} carrying these header values (each list holds every line of that
     * header): an IPv4 address, or an IPv6 /64 such as {@code 2001:db8:1:2::/64}.
     */
    String limitKey(InetAddress peer, List<String> forwarded, List<String> forwardedFor) {
        InetAddress client = peer;
        if (isTrusted(peer)) {
            List<String> chain = forwarded.isEmpty() ? forwardedForChain(forwardedFor) : forwardedChain(forwarded);
            for (int i = chain.size() - 1; i >= 0; i--) {
                InetAddress hop = AddressBlock.literal(chain.get(i));
                if (hop == null) {
                    break; // "unknown" or an obfuscated name: the hop that wrote it is the last one known
                }
                client = hop;
                if (!isTrusted(hop)) {
                    break;
                }
            }
        }
        return key(client);
    }

    private boolean isTrusted(InetAddress address) {
        return trusted.stream().anyMatch(block -> block.contains(address));
    }

    private static String key(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] prefix = Arrays.copyOf(address.getAddress(), 16);
            Arrays.fill(prefix, 8, 16, (byte) 0);
            return new AddressBlock(prefix, 64).toString();
        }
        return address.getHostAddress();
    }

    /** {@code X-Forwarded-For: client, proxy1, proxy2}; entries may carry a port or IPv6 brackets. */
    private static List<String> forwardedForChain(List<String> lines) {
        List<String> chain = new ArrayList<>();
        for (String line : lines) {
            for (String entry : line.split(",")) {
                chain.add(hostOnly(entry.trim()));
            }
        }
        return chain;
    }

    /** {@code Forwarded: for=192.0.2.60;proto=https, for="[2001:db8::17]:4711"}: the {@code for} of each element. */
    private static List<String> forwardedChain(List<String> lines) {
        List<String> chain = new ArrayList<>();
        for (String line : lines) {
            for (String element : line.split(",")) {
                String node = "unknown";
                for (String pair : element.split(";")) {
                    String[] nameValue = pair.trim().split("=", 2);
                    if (nameValue.length == 2 && nameValue[0].trim().toLowerCase(Locale.ROOT).equals("for")) {
                        node = hostOnly(nameValue[1].trim().replace("\"", ""));
                    }
                }
                chain.add(node);
            }
        }
        return chain;
    }

    /** Drops a port and IPv6 brackets: {@code [2001:db8::1]:443} -> {@code 2001:db8::1}, {@code 1.2.3.4:80}. */
    private static String hostOnly(String node) {
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            return close < 0 ? node : node.substring(1, close);
        }
        int colon = node.indexOf(':');
        return colon >= 0 && colon == node.lastIndexOf(':') ? node.substring(0, colon) : node;
    }
}
