package barter.chat.http;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.config.AddressBlock;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which address a request is counted under, for the header shapes proxies write. */
class ClientAddressesTest {
    private final ClientAddresses behindProxies = ClientAddresses.behind(List.of(AddressBlock.parse("10.0.0.0/8"),
            AddressBlock.parse("fd00::/8")));

    private static InetAddress ip(String literal) {
        return AddressBlock.literal(literal);
    }

    private String key(String peer, List<String> forwarded, List<String> forwardedFor) {
        return behindProxies.limitKey(ip(peer), forwarded, forwardedFor);
    }

    @Test
    void withoutTrustedProxiesTheHeadersAreNeverRead() {
        assertThat(ClientAddresses.behind(List.of()).limitKey(ip("10.1.1.1"), List.of("for=1.2.3.4"),
                List.of("5.6.7.8"))).isEqualTo("10.1.1.1");
    }

    @Test
    void theChainIsReadFromTheRightUpToTheFirstUntrustedAddress() {
        assertThat(key("10.0.0.1", List.of(), List.of("6.6.6.6, 192.0.2.1, 10.0.0.9"))).isEqualTo("192.0.2.1");
        assertThat(key("10.0.0.1", List.of(), List.of("6.6.6.6", "192.0.2.1:5555"))).as("several lines, a port")
                .isEqualTo("192.0.2.1");
        assertThat(key("10.0.0.1", List.of(), List.of("10.0.0.7, 10.0.0.9"))).as("all trusted: the left-most")
                .isEqualTo("10.0.0.7");
        assertThat(key("10.0.0.1", List.of(), List.of("192.0.2.1, unknown"))).as("an unreadable hop stops the walk")
                .isEqualTo("10.0.0.1");
        assertThat(key("10.0.0.1", List.of(), List.of("example.com"))).as("never a name lookup").isEqualTo("10.0.0.1");
        assertThat(key("10.0.0.1", List.of(), List.of("999.1.1.1"))).isEqualTo("10.0.0.1");
    }

    @Test
    void forwardedWinsOverXForwardedForAndIpv6IsCountedPerSlash64() {
        assertThat(key("10.0.0.1", List.of("for=192.0.2.60;proto=https;by=10.0.0.1, For=\"[2001:db8:cafe:1::17]:4711\""),
                List.of("6.6.6.6"))).isEqualTo("2001:db8:cafe:1:0:0:0:0/64");
        assertThat(key("fd00::1", List.of(), List.of("2001:db8:cafe:1:aaaa::1"))).isEqualTo("2001:db8:cafe:1:0:0:0:0/64");
        assertThat(key("2001:db8:1:2:3:4:5:6", List.of(), List.of())).isEqualTo("2001:db8:1:2:0:0:0:0/64");
    }
}
