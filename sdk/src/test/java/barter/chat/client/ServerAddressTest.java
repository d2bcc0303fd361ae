package barter.chat.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ServerAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8080", "http://127.0.0.1:8080", "http://127.8.9.10", "http://[::1]:80",
        "http://app.localhost:8080"})
    void plainHttpToLoopbackIsTheLocalDemoAndAllowed(String url) {
        assertThat(ServerAddress.of(URI.create(url)).webSocket()).startsWith("ws://");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://chat.example.org", "http://10.0.0.5:8080", "http://128.0.0.1",
        "http://localhost.example.org", "http://127.0.0.1.example.org"})
    void plainHttpElsewhereIsRefusedWithoutTheExplicitOption(String url) {
        assertThatThrownBy(() -> ServerAddress.of(URI.create(url))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refusing plain http").hasMessageContaining("allowCleartext");
        assertThat(ServerAddress.allowingCleartext(URI.create(url)).isSecure()).isFalse();
    }

    @Test
    void httpsIsAlwaysFineAndSpeaksWss() {
        ServerAddress address = ServerAddress.of(URI.create("https://chat.example.org:8443/ignored/path"));
        assertThat(address.webSocket()).isEqualTo("wss://chat.example.org:8443/v1/ws");
        assertThat(address.http("/v1/keys/bob")).isEqualTo("https://chat.example.org:8443/v1/keys/bob");
    }

    @Test
    void otherSchemesAreRefused() {
        assertThatThrownBy(() -> ServerAddress.of(URI.create("ws://localhost:8080")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http or https");
    }
}
